namespace LocalAi.Wyoming.Discovery;

/// <summary>
/// A DNS-SD service instance to advertise on the local network: Home Assistant browses <c>_wyoming._tcp</c> and
/// offers every instance it finds under Settings → Devices &amp; services.
/// </summary>
/// <param name="InstanceName">The instance label people see (at most 63 bytes of UTF-8).</param>
/// <param name="Type">The service type, <c>_wyoming._tcp</c>.</param>
/// <param name="Port">The TCP port the Wyoming listener is on.</param>
/// <param name="Txt">TXT record entries as <c>key=value</c>.</param>
public sealed record ZeroconfService(string InstanceName, string Type, int Port, IReadOnlyList<string> Txt)
{
    /// <summary>The service type of Wyoming servers.</summary>
    public const string WyomingType = "_wyoming._tcp";

    /// <summary>DNS labels are at most 63 bytes.</summary>
    public const int MaxInstanceNameBytes = 63;

    /// <summary>The Wyoming instance of one service on this machine, for example <c>local-ai speech router on nas</c>.</summary>
    public static ZeroconfService Wyoming(string role, string machineName, int port) =>
        new(Label($"local-ai speech {role} on {machineName}"), WyomingType, port, []);

    // Cuts a name to a DNS label's 63 bytes without splitting a character.
    private static string Label(string name)
    {
        var text = name;
        while (System.Text.Encoding.UTF8.GetByteCount(text) > MaxInstanceNameBytes)
        {
            text = text[..^1];
        }

        return text.TrimEnd();
    }
}
