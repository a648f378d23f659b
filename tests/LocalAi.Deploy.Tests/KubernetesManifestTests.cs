using System.Text.RegularExpressions;
using LocalAi.Deploy.Tests.Support;

namespace LocalAi.Deploy.Tests;

/// <summary>
/// No cluster runs here, so the manifests are rendered offline with <c>kubectl kustomize</c> (Debian's
/// kubernetes-client, installed by <c>scripts/install-deps.sh --test</c> when missing) and the output is checked for
/// what a cluster would act on: probes, ports, the headless Service, the GPU limit and the scaler's metric.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly Lazy<Task<string>> Kubectl = new(FindOrInstallKubectlAsync);

    [Fact]
    public async Task The_cpu_overlay_probes_readiness_on_health_and_liveness_on_the_liveness_route()
    {
        var rendered = await RenderAsync("cpu");
        var tts = Document(rendered, "Deployment", "tts-server");

        Assert.Contains("containerPort: 8006", tts, StringComparison.Ordinal);
        Assert.Contains("path: /health\n", Block(tts, "readinessProbe"), StringComparison.Ordinal);
        Assert.Contains("path: /health/live\n", Block(tts, "livenessProbe"), StringComparison.Ordinal);
        Assert.Contains("cpu: \"2\"", Block(tts, "requests"), StringComparison.Ordinal);
        Assert.DoesNotContain("nvidia.com/gpu", rendered, StringComparison.Ordinal);

        var router = Document(rendered, "Deployment", "router");
        Assert.Contains("replicas: 2", router, StringComparison.Ordinal);
        Assert.Contains("containerPort: 8080", router, StringComparison.Ordinal);
        Assert.Contains("path: /health\n", Block(router, "readinessProbe"), StringComparison.Ordinal);
        Assert.Contains("path: /health\n", Block(router, "livenessProbe"), StringComparison.Ordinal);
        Assert.Contains("runAsNonRoot: true", router, StringComparison.Ordinal);
        Assert.Contains("prometheus.io/port: \"8080\"", router, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tts_servers_sit_behind_a_headless_service_the_router_discovers_and_disruption_budgets_cover_both()
    {
        var rendered = await RenderAsync("cpu");

        var service = Document(rendered, "Service", "tts-server");
        Assert.Contains("clusterIP: None", service, StringComparison.Ordinal);
        Assert.Contains("port: 8006", service, StringComparison.Ordinal);
        Assert.Contains("\"url\": \"http://tts-server:8006\", \"discoverByDns\": true", Document(rendered, "ConfigMap", "router-config-"), StringComparison.Ordinal);
        Assert.Contains("maxUnavailable: 1", Document(rendered, "PodDisruptionBudget", "tts-server"), StringComparison.Ordinal);
        Assert.Contains("minAvailable: 1", Document(rendered, "PodDisruptionBudget", "router"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gpu_overlay_asks_for_one_nvidia_gpu_on_labelled_nodes_and_runs_the_cuda_image()
    {
        var tts = Document(await RenderAsync("gpu"), "Deployment", "tts-server");

        Assert.Contains("nvidia.com/gpu: 1", Block(tts, "limits"), StringComparison.Ordinal);
        Assert.Contains("nvidia.com/gpu.present: \"true\"", Block(tts, "nodeSelector"), StringComparison.Ordinal);
        Assert.Contains("image: tts-inference-server:cuda", tts, StringComparison.Ordinal);
        Assert.Matches(@"name: LOCALAI__TTSSERVER__DEVICE\n\s+value: cuda", tts);
        Assert.Contains("path: /health\n", Block(tts, "readinessProbe"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keda", "ScaledObject", @"query: \w+\((\w+)")]
    [InlineData("hpa", "HorizontalPodAutoscaler", @"metric:\n\s+name: (\w+)")]
    public async Task The_autoscaler_scales_the_tts_servers_on_queue_depth_and_in_flight_metrics_the_router_really_exports(string overlay, string kind, string metricPattern)
    {
        var scaler = Document(await RenderAsync(overlay), kind, "tts-server");

        Assert.Contains("name: tts-server", Block(scaler, "scaleTargetRef"), StringComparison.Ordinal);
        var metrics = Regex.Matches(scaler, metricPattern).Select(match => match.Groups[1].Value).ToList();
        Assert.Equal(["localai_router_queue_depth", "localai_router_upstream_in_flight"], metrics);
        var routerMetrics = File.ReadAllText(Repository.PathOf("src/LocalAi.Router/Metrics/RouterMetrics.cs"));
        Assert.All(metrics, metric => Assert.Matches($"factory\\.Create\\w+\\(\"{metric}\"", routerMetrics));
        // The in-flight series is per group: the scalers must name the group router.json gives the tts-servers.
        Assert.Contains("\"name\": \"tts\"", File.ReadAllText(Repository.PathOf("deploy/kubernetes/base/router.json")), StringComparison.Ordinal);
        Assert.Matches("group(=\"|: )tts", scaler);
    }

    [Fact]
    public async Task Pods_get_longer_to_stop_than_the_drain_grace_period_plus_the_host_stop_margin()
    {
        var rendered = await RenderAsync("cpu");
        // Read from the code, as the metric names are: the default grace and the host's margin after it.
        var grace = Regex.Match(File.ReadAllText(Repository.PathOf("src/LocalAi.TtsServer/Configuration/TtsServerOptions.cs")), @"DrainGraceSeconds \{ get; init; \} = (\d+);");
        var margin = Regex.Match(File.ReadAllText(Repository.PathOf("src/LocalAi.Hosting/Lifecycle/GracefulDrainExtensions.cs")), @"StopMargin = TimeSpan\.FromSeconds\((\d+)\)");
        Assert.True(grace.Success && margin.Success, "the drain's grace or margin moved");
        var needed = Seconds(grace) + Seconds(margin);

        foreach (var name in new[] { "tts-server", "router" })
        {
            var termination = Regex.Match(Document(rendered, "Deployment", name), @"terminationGracePeriodSeconds: (\d+)");
            Assert.True(termination.Success, $"{name} sets no terminationGracePeriodSeconds");
            Assert.True(Seconds(termination) > needed, $"{name} may be killed mid-drain");
        }
    }

    private static int Seconds(Match match) => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> RenderAsync(string overlay)
    {
        var kubectl = await Kubectl.Value;
        var output = await ProcessRunner.CheckedAsync(kubectl, ["kustomize", Repository.PathOf($"deploy/kubernetes/overlays/{overlay}")], TimeSpan.FromMinutes(1));
        return output.ReplaceLineEndings("\n");
    }

    // One rendered object: kubectl writes keys sorted, so metadata.name is a line "  name: …" in the object's header.
    private static string Document(string rendered, string kind, string namePrefix)
    {
        var matches = rendered.Split("\n---\n")
            .Where(document => Regex.IsMatch(document, $"(?m)^kind: {kind}$") && Regex.IsMatch(document, $"(?m)^  name: {Regex.Escape(namePrefix)}"))
            .ToList();
        return Assert.Single(matches);
    }

    // The lines indented under the first "key:" line.
    private static string Block(string document, string key)
    {
        var match = Regex.Match(document, $"(?m)^( *){Regex.Escape(key)}:\n((?:\\1 .*\n?)*)");
        Assert.True(match.Success, $"no '{key}:' block in\n{document}");
        return match.Groups[2].Value;
    }

    private static async Task<string> FindOrInstallKubectlAsync()
    {
        if (!await OnPathAsync())
        {
            await ProcessRunner.CheckedAsync("bash", [Repository.PathOf("scripts/install-deps.sh"), "--test"], TimeSpan.FromMinutes(15));
        }

        return await OnPathAsync() ? "kubectl" : throw new InvalidOperationException("kubectl is missing after scripts/install-deps.sh --test.");
    }

    private static async Task<bool> OnPathAsync() =>
        (await ProcessRunner.RunAsync("bash", ["-c", "command -v kubectl"], TimeSpan.FromSeconds(10))).Succeeded;
}
