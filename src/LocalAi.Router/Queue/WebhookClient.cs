using System.Net;
using System.Net.Sockets;

namespace LocalAi.Router.Queue;

/// <summary>A webhook target refused when its connection was about to be made (its host resolved to a refused address).</summary>
internal sealed class WebhookTargetRefusedException(WebhookRefusal refusal) : IOException(refusal.Message)
{
    public WebhookRefusal Refusal { get; } = refusal;
}

/// <summary>
/// The HTTP client webhooks are sent with: no proxy, no redirects, and a connect step that resolves the host itself,
/// checks every address with the <see cref="WebhookTargetPolicy"/> and connects only to allowed ones, so the address
/// checked is the address called (a DNS answer that changes between submission and delivery cannot slip through).
/// </summary>
internal static class WebhookClient
{
    public static HttpMessageInvoker Create(WebhookTargetPolicy policy) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context.DnsEndPoint, cancellationToken),
    });

    private static async ValueTask<Stream> ConnectAsync(WebhookTargetPolicy policy, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.TrimStart('[').TrimEnd(']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = new List<IPAddress>();
        WebhookRefusal? refusal = null;
        foreach (var address in addresses)
        {
            if (policy.CheckAddress(host, address) is { } refused)
            {
                refusal ??= refused;
            }
            else
            {
                allowed.Add(address);
            }
        }

        if (allowed.Count == 0)
        {
            throw new WebhookTargetRefusedException(refusal ?? new WebhookRefusal(WebhookRule.NotUnicast, $"The webhook target '{host}' resolved to no address."));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync([.. allowed], endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
