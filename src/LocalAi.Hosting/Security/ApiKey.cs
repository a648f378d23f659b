namespace LocalAi.Hosting.Security;

/// <summary>One API key a service accepts.</summary>
/// <param name="Name">A name for metrics and logs, never the key itself.</param>
/// <param name="Key">The key clients send.</param>
/// <param name="RequestsPerMinute">Requests per fixed one-minute window this key may make (null: no limit).</param>
public sealed record ApiKey(string Name, string Key, int? RequestsPerMinute = null);
