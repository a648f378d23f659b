using System.Text.Json;

namespace LocalAi.Hosting.Json;

/// <summary>
/// The JSON options the three services read and answer with, defined once: web defaults (camelCase names,
/// case-insensitive reading) for the OpenAI-shaped API, and snake_case for the status documents the dashboards read.
/// </summary>
public static class ServiceJson
{
    /// <summary>Web defaults: the OpenAI-shaped request and response bodies.</summary>
    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Web defaults with snake_case names: <c>/v1/status</c> and <c>/running</c>.</summary>
    public static JsonSerializerOptions SnakeCase { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
