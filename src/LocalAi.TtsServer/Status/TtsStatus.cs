using System.Text.Json;
using LocalAi.Hosting.Json;

namespace LocalAi.TtsServer.Status;

/// <summary>The body of <c>GET /v1/status</c> and of each <c>status</c> event (snake_case on the wire).</summary>
internal sealed record TtsStatus(
    string Model,
    string ModelVersion,
    string Device,
    string Dtype,
    string State,
    string? Detail,
    int QueueDepth,
    int Running,
    int MaxConcurrent,
    bool MaxConcurrentAutomatic,
    bool BatchDecoding,
    bool BatchDecodingAutomatic,
    string? CapacityReason,
    int MaxQueue,
    bool ApiKeysRequired,
    IReadOnlyList<RecentRequest> Recent)
{
    /// <summary>The wire format: snake_case names, nulls written, one line.</summary>
    public static JsonSerializerOptions Json => ServiceJson.SnakeCase;

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
