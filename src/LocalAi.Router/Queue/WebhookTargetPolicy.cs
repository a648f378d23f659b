using System.Net;
using System.Net.Sockets;
using LocalAi.Router.Configuration;

namespace LocalAi.Router.Queue;

/// <summary>The rule that refused a webhook target.</summary>
internal enum WebhookRule
{
    /// <summary>The URL carries <c>user:password@</c>.</summary>
    UserInfo,

    /// <summary>A cloud metadata endpoint (never allowed).</summary>
    Metadata,

    /// <summary>127/8, ::1, <c>localhost</c>.</summary>
    Loopback,

    /// <summary>169.254/16, fe80::/10.</summary>
    LinkLocal,

    /// <summary>10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10.</summary>
    PrivateNetwork,

    /// <summary>Unspecified (0.0.0.0/8, ::), multicast, broadcast or reserved.</summary>
    NotUnicast,
}

/// <summary>Why a webhook target was refused, in words for the client and the log.</summary>
internal sealed record WebhookRefusal(WebhookRule Rule, string Message);

/// <summary>
/// Decides whether a webhook may go to a URL (when it is submitted) and to each address its host resolves to (when the
/// connection is made, so a name that resolves elsewhere later cannot slip through). Addresses are judged by what they
/// are, whatever their spelling: IPv4-mapped, NAT64 and 6to4 IPv6 addresses by the IPv4 address inside them.
/// </summary>
internal sealed class WebhookTargetPolicy(WebhookTargetOptions options)
{
    private static readonly HashSet<string> MetadataHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
    };

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, GCP, Azure, OpenStack, …
        IPAddress.Parse("169.254.170.2"), // AWS ECS task metadata
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("168.63.129.16"), // Azure wire server
        IPAddress.Parse("fd00:ec2::254"), // AWS over IPv6
    ];

    private static readonly (IPNetwork Network, WebhookRule Rule)[] Ranges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), WebhookRule.NotUnicast),
        (IPNetwork.Parse("127.0.0.0/8"), WebhookRule.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), WebhookRule.LinkLocal),
        (IPNetwork.Parse("10.0.0.0/8"), WebhookRule.PrivateNetwork),
        (IPNetwork.Parse("172.16.0.0/12"), WebhookRule.PrivateNetwork),
        (IPNetwork.Parse("192.168.0.0/16"), WebhookRule.PrivateNetwork),
        (IPNetwork.Parse("100.64.0.0/10"), WebhookRule.PrivateNetwork),
        (IPNetwork.Parse("224.0.0.0/3"), WebhookRule.NotUnicast),
        (IPNetwork.Parse("::/128"), WebhookRule.NotUnicast),
        (IPNetwork.Parse("::1/128"), WebhookRule.Loopback),
        (IPNetwork.Parse("fe80::/10"), WebhookRule.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), WebhookRule.PrivateNetwork),
        (IPNetwork.Parse("fc00::/7"), WebhookRule.PrivateNetwork),
        (IPNetwork.Parse("ff00::/8"), WebhookRule.NotUnicast),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork IPv4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Checks a submitted URL: its user info, and its host when that is an address or a name known to be local.</summary>
    public WebhookRefusal? CheckUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.UserInfo.Length > 0)
        {
            return new WebhookRefusal(WebhookRule.UserInfo, "'webhook_url' must not carry a user name or password (user:password@); put a secret in the path or query instead.");
        }

        var host = url.IdnHost.TrimEnd('.');
        if (IPAddress.TryParse(host, out var address))
        {
            return CheckAddress(host, address);
        }

        if (MetadataHosts.Contains(host))
        {
            return Refuse($"'{host}'", WebhookRule.Metadata);
        }

        var loopbackName = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        return loopbackName && !IsAllowedHost(host) ? Refuse($"'{host}'", WebhookRule.Loopback) : null;
    }

    /// <summary>Checks one address that <paramref name="host"/> (as the URL names it) resolved to, just before connecting.</summary>
    public WebhookRefusal? CheckAddress(string host, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(address);
        var plain = Unwrapped(address);
        var target = plain.Equals(address) ? $"'{host}'" : $"'{host}' ({plain})";
        if (MetadataAddresses.Any(plain.Equals) || MetadataHosts.Contains(host.TrimEnd('.')))
        {
            return Refuse(target, WebhookRule.Metadata);
        }

        if (IsAllowedHost(host.TrimEnd('.')) || options.AllowedNetworks.Any(network => network.Contains(plain) || network.Contains(address)))
        {
            return null;
        }

        if (plain.Equals(IPAddress.Broadcast))
        {
            return Refuse(target, WebhookRule.NotUnicast);
        }

        foreach (var (network, rule) in Ranges)
        {
            if (network.Contains(plain))
            {
                return rule == WebhookRule.PrivateNetwork && options.AllowPrivateNetworks ? null : Refuse(target, rule);
            }
        }

        return null;
    }

    /// <summary>The IPv4 address an IPv6 address carries (mapped, NAT64, IPv4-compatible, 6to4), else the address itself.</summary>
    internal static IPAddress Unwrapped(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address) || (IPv4Compatible.Contains(address) && bytes[12..].Any(b => b != 0) && !address.Equals(IPAddress.IPv6Loopback)))
        {
            return new IPAddress(bytes[12..]);
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes[2..6]) : address;
    }

    private bool IsAllowedHost(string host) => options.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);

    private static WebhookRefusal Refuse(string target, WebhookRule rule) => new(rule, rule switch
    {
        WebhookRule.Metadata => $"The webhook target {target} is a cloud metadata endpoint; webhooks never go there.",
        WebhookRule.Loopback => $"The webhook target {target} is a loopback address; list it in queue.webhookTargets.allow to let webhooks reach this machine.",
        WebhookRule.LinkLocal => $"The webhook target {target} is a link-local address; list it in queue.webhookTargets.allow if it is meant.",
        WebhookRule.PrivateNetwork => $"The webhook target {target} is on a private network; set queue.webhookTargets.allowPrivateNetworks or list it in queue.webhookTargets.allow.",
        _ => $"The webhook target {target} is not a unicast address.",
    });
}
