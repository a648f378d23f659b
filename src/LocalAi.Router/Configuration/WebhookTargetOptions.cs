using System.Net;

namespace LocalAi.Router.Configuration;

/// <summary>
/// Where webhooks may go. By default only public addresses: loopback, link-local, private, cloud metadata and
/// non-unicast targets are refused (no server-side request forgery through <c>webhook_url</c>). Home labs open what
/// they need here; cloud metadata endpoints stay refused whatever is allowed.
/// </summary>
public sealed record WebhookTargetOptions
{
    /// <summary>Allow private networks: 10/8, 172.16/12, 192.168/16, 100.64/10 and fc00::/7 (default false). Loopback and link-local stay refused.</summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>Host names allowed whatever they resolve to (compared ignoring case), e.g. <c>hooks.lan</c> or <c>localhost</c>.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Addresses and networks allowed, e.g. <c>127.0.0.1/32</c> or <c>192.168.1.0/24</c>.</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks { get; init; } = [];
}
