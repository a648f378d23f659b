namespace LocalAi.Router.Configuration;

/// <summary>One API key and its limits.</summary>
public sealed record ApiKeyOptions
{
    /// <summary>The key clients send (<c>Authorization: Bearer KEY</c>).</summary>
    public required string Key { get; init; }

    /// <summary>A name for metrics and logs (never the key itself; default <c>key1</c>, <c>key2</c>, … by position).</summary>
    public required string Name { get; init; }

    /// <summary>Requests per minute this key may make (null: no limit). Over it is a 429 with <c>Retry-After</c>.</summary>
    public int? RequestsPerMinute { get; init; }
}
