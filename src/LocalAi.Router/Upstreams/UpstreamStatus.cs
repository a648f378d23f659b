using System.Text.Json.Serialization;

namespace LocalAi.Router.Upstreams;

/// <summary>One upstream's health as <c>/health</c> and <c>/v1/router/upstreams</c> show it.</summary>
/// <param name="Name">The upstream's name.</param>
/// <param name="Url">Its base address.</param>
/// <param name="Serving">Whether requests go to it now.</param>
/// <param name="State"><c>unknown</c>, <c>serving</c>, <c>failing</c>, <c>draining</c> or <c>tripped</c>.</param>
/// <param name="LastProbe">When it was last probed (null: not yet).</param>
/// <param name="LastProbePassed">Whether that probe passed.</param>
/// <param name="LastError">The last failure seen (probe or request).</param>
/// <param name="RecentFailures">Failures within the failure window.</param>
/// <param name="TrippedAt">When it was last tripped.</param>
/// <param name="Trips">How often it was tripped since the router started.</param>
/// <param name="Group">The configured upstream it belongs to (itself, or the discovered one whose address it is).</param>
/// <param name="InFlight">Requests sent to it whose response is not finished yet.</param>
public sealed record UpstreamStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("serving")] bool Serving,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("last_probe")] DateTimeOffset? LastProbe,
    [property: JsonPropertyName("last_probe_passed")] bool? LastProbePassed,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("recent_failures")] int RecentFailures,
    [property: JsonPropertyName("tripped_at")] DateTimeOffset? TrippedAt,
    [property: JsonPropertyName("trips")] int Trips,
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("in_flight")] int InFlight);
