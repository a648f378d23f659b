namespace LocalAi.Cli.Tests.Commands;

/// <summary>Every service refuses a host it cannot listen on and a port out of range: exit 2 and the reason, never every interface or a stack trace.</summary>
[Trait("Category", "Reliability")]
public sealed class ListenAddressCommandTests
{
    public static TheoryData<string, string, string> BadAddresses => new()
    {
        { "tts-server", "--host", "not a host!!" },
        { "manager", "--host", "not a host!!" },
        { "router", "--host", "not a host!!" },
        { "tts-server", "--port", "190100" },
        { "manager", "--port", "190100" },
        { "router", "--port", "190100" },
    };

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public async Task A_host_or_port_that_cannot_be_listened_on_exits_2_saying_why(string service, string flag, string value)
    {
        var (code, output, error) = service switch
        {
            "tts-server" => await CliRun.TtsServerAsync(flag, value, "--lazy"),
            "manager" => await CliRun.ManagerAsync(flag, value),
            _ => await CliRun.RouterAsync(flag, value, "--upstream", "cpu=http://127.0.0.1:8006"),
        };

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(flag == "--host" ? "must be an IP address or localhost, not 'not a host!!'" : "must be between 0 and 65535 (0 picks a free port), not 190100", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
