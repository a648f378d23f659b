using System.Globalization;
using Docker.DotNet.Models;

namespace LocalAi.Manager.Backends.Docker;

/// <summary>
/// One published port in <c>docker run -p</c> syntax: <c>[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]</c>, where an
/// IPv6 host address is written in brackets (<c>[::1]:8006:8006</c>) and an empty host port lets the engine pick one.
/// </summary>
/// <param name="HostIp">The host address to bind, or empty for every address.</param>
/// <param name="HostPort">The host port, or empty for one the engine picks.</param>
/// <param name="ContainerPort">The port inside the container with its protocol, e.g. <c>8006/tcp</c>.</param>
internal sealed record PortMapping(string HostIp, string HostPort, string ContainerPort)
{
    public static PortMapping Parse(string text)
    {
        var rest = text.Trim();
        var protocol = "tcp";
        var slash = rest.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = rest[(slash + 1)..].ToLowerInvariant();
            rest = rest[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp"))
            {
                throw Invalid(text, $"the protocol '{protocol}' is not tcp, udp or sctp");
            }
        }

        var hostIp = "";
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                throw Invalid(text, "an IPv6 address must be written [ADDRESS]:HOST_PORT:CONTAINER_PORT");
            }

            hostIp = rest[1..close];
            rest = rest[(close + 2)..];
        }

        var parts = rest.Split(':');
        var (ip, hostPort, containerPort) = parts.Length switch
        {
            1 when hostIp.Length == 0 => ("", "", parts[0]),
            2 => (hostIp, parts[0], parts[1]),
            3 when hostIp.Length == 0 => (parts[0], parts[1], parts[2]),
            _ => throw Invalid(text, "expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]"),
        };

        if (!IsPort(containerPort))
        {
            throw Invalid(text, $"the container port '{containerPort}' is not a number from 1 to 65535");
        }

        if (hostPort.Length > 0 && !IsPort(hostPort))
        {
            throw Invalid(text, $"the host port '{hostPort}' is not a number from 1 to 65535");
        }

        return new PortMapping(ip, hostPort, $"{containerPort}/{protocol}");
    }

    /// <summary>The exposed ports and their host bindings for a container's create request.</summary>
    public static (Dictionary<string, EmptyStruct> Exposed, Dictionary<string, IList<PortBinding>> Bindings) ToEngine(IEnumerable<PortMapping> mappings)
    {
        var exposed = new Dictionary<string, EmptyStruct>(StringComparer.Ordinal);
        var bindings = new Dictionary<string, IList<PortBinding>>(StringComparer.Ordinal);
        foreach (var mapping in mappings)
        {
            exposed[mapping.ContainerPort] = default;
            if (!bindings.TryGetValue(mapping.ContainerPort, out var list))
            {
                list = [];
                bindings[mapping.ContainerPort] = list;
            }

            list.Add(new PortBinding { HostIP = mapping.HostIp, HostPort = mapping.HostPort });
        }

        return (exposed, bindings);
    }

    private static bool IsPort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535;

    private static BackendException Invalid(string text, string why) => new($"The port mapping '{text}' is not valid: {why}.");
}
