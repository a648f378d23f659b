using System.Text;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Hosting.Security;

/// <summary>
/// Reads the API key a client sent: <c>Authorization: Bearer KEY</c> (what the OpenAI SDKs send), <c>x-api-key: KEY</c>,
/// or the password of <c>Authorization: Basic</c>.
/// </summary>
public static class PresentedApiKey
{
    /// <summary>The key in <paramref name="request"/>'s headers, or null when it carries none (or a malformed Basic value).</summary>
    public static string? From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? decoded : decoded[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }

        var header = request.Headers["x-api-key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }
}
