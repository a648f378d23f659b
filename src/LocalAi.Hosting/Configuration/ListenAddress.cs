using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LocalAi.Hosting.Configuration;

/// <summary>
/// Checks the host and port a service is told to listen on, the same way in every service. Kestrel listens on every
/// interface when its URL holds anything but an IP address or <c>localhost</c> ("not a host!!", a typo, a machine
/// name), so a host that is not one of those is refused instead of silently exposing the service; a port outside
/// 0–65535 is refused before Kestrel throws on it.
/// </summary>
public static class ListenAddress
{
    /// <summary>Why <paramref name="host"/> cannot be listened on (a phrase that follows the setting's name), or null when it can.</summary>
    public static string? HostProblem(string? host) =>
        host is not null && IsListenable(host.Trim())
            ? null
            : $"must be an IP address or localhost, not '{host}' (Kestrel would listen on every interface for it): use 0.0.0.0 for every interface, 127.0.0.1 for this machine only, :: or ::1 for IPv6, another address of this machine, or localhost.";

    /// <summary>The host as it is written in a URL: an IPv6 address in brackets, anything else as it is.</summary>
    public static string ForUrl(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
    }

    /// <summary>Why <paramref name="port"/> cannot be listened on (a phrase that follows the setting's name), or null when it can.</summary>
    public static string? PortProblem(long port) =>
        port is >= 0 and <= 65535 ? null : string.Create(CultureInfo.InvariantCulture, $"must be between 0 and 65535 (0 picks a free port), not {port}.");

    private static bool IsListenable(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (!IPAddress.TryParse(literal, out var address))
        {
            return false;
        }

        // IPAddress also parses "1", "0x7f000001" and "127.1" as IPv4; only the dotted quad is an address here.
        return address.AddressFamily == AddressFamily.InterNetworkV6
            || (literal.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)));
    }
}
