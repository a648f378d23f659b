using LocalAi.Testing;
using LocalAi.TtsServer.Configuration;
using LocalAi.TtsServer.Tests.Support;
using LocalAi.Wyoming.Discovery;

namespace LocalAi.TtsServer.Tests.Wyoming;

/// <summary>
/// <c>--wyoming-announce</c>: the Wyoming port is published as <c>_wyoming._tcp</c> through Avahi, found by a browser
/// in another process and by a raw mDNS query, and withdrawn when the service stops.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class WyomingAnnouncementTests(ServerWorkspace workspace)
{
    [AvahiFact]
    public async Task Announced_server_is_found_with_its_wyoming_port_and_gone_after_it_stops()
    {
        int port;
        await using (var server = await InProcessTtsServer.StartAsync(workspace.Options("announce") with { WyomingPort = 0, WyomingAnnounce = true }))
        {
            port = server.WyomingPort;
            var found = await ZeroconfProbe.WaitForAsync(ZeroconfService.WyomingType, i => i.Port == port);

            Assert.NotNull(found);
            Assert.StartsWith("local-ai speech tts-server on ", found.Name, StringComparison.Ordinal);
        }

        Assert.Null(await ZeroconfProbe.WaitForAsync(ZeroconfService.WyomingType, i => i.Port == port, present: false));
    }

    [AvahiFact]
    public async Task Server_without_the_flag_announces_nothing()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("quiet") with { WyomingPort = 0 });
        await using var marker = await AvahiPublisher.PublishAsync(new ZeroconfService("marker-" + Guid.NewGuid().ToString("N")[..12], ZeroconfService.WyomingType, 1, []));
        await ZeroconfProbe.WaitForAsync(ZeroconfService.WyomingType, i => i.Name == marker.PublishedName);

        var instances = await ZeroconfProbe.BrowseAsync(ZeroconfService.WyomingType);

        Assert.DoesNotContain(instances, i => i.Port == server.WyomingPort);
    }

    [AvahiFact]
    public async Task Published_instance_answers_a_multicast_query_on_the_wire()
    {
        var name = "wire-" + Guid.NewGuid().ToString("N")[..12];
        await using var publisher = await AvahiPublisher.PublishAsync(new ZeroconfService(name, ZeroconfService.WyomingType, 10299, []));
        await ZeroconfProbe.WaitForAsync(ZeroconfService.WyomingType, i => i.Name == name);

        var answers = await ZeroconfProbe.QueryPtrAsync("_wyoming._tcp.local");

        Assert.Contains(answers, packet => ZeroconfProbe.CarriesLabel(packet, name));
    }

    [AvahiFact]
    public async Task Second_service_with_the_same_name_is_published_under_another_name()
    {
        var name = "twin-" + Guid.NewGuid().ToString("N")[..12];
        await using var first = await AvahiPublisher.PublishAsync(new ZeroconfService(name, ZeroconfService.WyomingType, 10291, []));
        await using var second = await AvahiPublisher.PublishAsync(new ZeroconfService(name, ZeroconfService.WyomingType, 10292, []));

        Assert.Equal(name, first.PublishedName);
        Assert.NotEqual(name, second.PublishedName);
        var firstFound = await ZeroconfProbe.WaitForAsync(ZeroconfService.WyomingType, i => i.Name == first.PublishedName);
        var secondFound = await ZeroconfProbe.WaitForAsync(ZeroconfService.WyomingType, i => i.Name == second.PublishedName);
        Assert.Equal(10291, firstFound?.Port);
        Assert.Equal(10292, secondFound?.Port);
    }

    [Fact]
    public async Task No_system_bus_is_a_clear_unavailable_error()
    {
        var missing = "unix:path=" + Path.Combine(Path.GetTempPath(), "no-bus-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<ZeroconfUnavailableException>(() =>
            AvahiPublisher.PublishAsync(new ZeroconfService("x", ZeroconfService.WyomingType, 10200, []), missing));

        Assert.Contains("D-Bus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Announcing_without_a_wyoming_port_is_a_configuration_error()
    {
        var error = Assert.Throws<TtsServerConfigurationException>(() => (workspace.Options("bad") with { WyomingAnnounce = true }).Validate());

        Assert.Contains("TtsServer:WyomingAnnounce", error.Message, StringComparison.Ordinal);
        Assert.Contains("WyomingPort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_instance_names_are_cut_to_one_DNS_label()
    {
        var service = ZeroconfService.Wyoming("tts-server", new string('ü', 60), 10200);

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(service.InstanceName) <= ZeroconfService.MaxInstanceNameBytes);
        Assert.StartsWith("local-ai speech tts-server on ü", service.InstanceName, StringComparison.Ordinal);
    }
}
