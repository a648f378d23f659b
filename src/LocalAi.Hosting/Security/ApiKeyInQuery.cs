using Microsoft.AspNetCore.Builder;

namespace LocalAi.Hosting.Security;

/// <summary>Endpoint metadata: this endpoint also accepts the API key as <c>?api_key=KEY</c>.</summary>
public sealed class ApiKeyInQueryAllowed
{
    /// <summary>The one instance (the marker carries no data).</summary>
    public static ApiKeyInQueryAllowed Instance { get; } = new();

    private ApiKeyInQueryAllowed()
    {
    }
}

/// <summary>Marks endpoints whose clients cannot send headers (a browser's <c>EventSource</c>).</summary>
public static class ApiKeyInQueryExtensions
{
    /// <summary>Lets <see cref="ApiKeyMiddleware"/> accept the key as <c>?api_key=KEY</c> on this endpoint only.</summary>
    public static TBuilder AllowApiKeyInQuery<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ApiKeyInQueryAllowed.Instance);
}
