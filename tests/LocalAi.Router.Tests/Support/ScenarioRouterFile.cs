using System.Text.Json.Nodes;

namespace LocalAi.Router.Tests.Support;

/// <summary>Writes a router.json for a router process: fast probing, no dwell, a quick queue poll, webhooks allowed to 127.0.0.1, every feature on.</summary>
public static class ScenarioRouterFile
{
    /// <summary>Writes <c>router.json</c> into <paramref name="directory"/> (its <c>data</c> folder is the router's data directory) and returns its path.</summary>
    /// <param name="directory">A folder of the test's own.</param>
    /// <param name="upstreams">Name and address of each upstream, in order of preference.</param>
    /// <param name="apiKey">A key every request must present; none when null.</param>
    public static string Write(string directory, IEnumerable<(string Name, Uri Url)> upstreams, string? apiKey = null)
    {
        var file = new JsonObject
        {
            ["dataDirectory"] = Path.Combine(directory, "data"),
            ["upstreams"] = new JsonArray([.. upstreams.Select(u => (JsonNode)new JsonObject { ["name"] = u.Name, ["url"] = u.Url.AbsoluteUri, ["responseTimeoutSeconds"] = 30 })]),
            ["health"] = new JsonObject
            {
                ["probeIntervalSeconds"] = 0.1,
                ["probeTimeoutSeconds"] = 5,
                ["failureThreshold"] = 2,
                ["recoveryProbes"] = 1,
                ["minimumDwellSeconds"] = 0,
            },
            ["queue"] = new JsonObject
            {
                ["pollIntervalSeconds"] = 0.1,
                ["webhookFirstRetryDelaySeconds"] = 0.2,
                ["webhookTargets"] = new JsonObject { ["allow"] = new JsonArray("127.0.0.1") },
            },
        };
        if (apiKey is not null)
        {
            file["apiKeys"] = new JsonArray(new JsonObject { ["name"] = "test", ["key"] = apiKey });
        }

        var path = Path.Combine(directory, "router.json");
        File.WriteAllText(path, file.ToJsonString());
        return path;
    }
}
