using System.Diagnostics;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// The <c>server</c> mode: loads the forged model once, serves it from a real in-process tts-server (one generation at
/// a time, the default) and measures streaming, throughput and the per-request overhead; then serves a fresh load with
/// two generations at a time and repeats the throughput runs.
/// </summary>
internal static class ServerBench
{
    public static async Task<ServerReport> RunAsync(ServerBenchOptions options, MachineInfo machine, TextWriter log)
    {
        using var workspace = ServerWorkspace.Create(options, log);
        SpeechSynthesizer Load() => SpeechSynthesizer.Load(new ChatterboxOptions
        {
            ModelDirectory = workspace.ModelDirectory,
            DTypes = GraphDTypes.Uniform(options.DType),
            IntraOpThreads = options.Threads,
        });

        var loading = Stopwatch.StartNew();
        var synthesizer = Load();
        log.WriteLine($"Loaded {options.Profile.Name} {options.DType.CliName()} in {loading.Elapsed.TotalMilliseconds:F0} ms; picking a voice for the paragraph:");
        var voice = await ServerVoicePicker.PickAsync(synthesizer, workspace, log).ConfigureAwait(false);

        var ttfa = new List<TtfaFigures>();
        var throughput = new List<ThroughputFigures>();
        ServerOverheadFigures overhead;
        WyomingFigures wyoming;
        await using (var server = await ServerInstance.StartAsync(workspace, "serial", voice.ClipPath, 1, () => synthesizer).ConfigureAwait(false))
        {
            foreach (var format in ServerTtfa.Formats)
            {
                log.WriteLine($"Streaming the paragraph as {format} ...");
                ttfa.Add(await ServerTtfa.RunAsync(server.Client, format, options.Repeat).ConfigureAwait(false));
            }

            log.WriteLine("The paragraph over Wyoming and over HTTP ...");
            wyoming = await WyomingTtfa.RunAsync(server.Client, server.WyomingPort, options.Repeat).ConfigureAwait(false);
            await MeasureThroughputAsync(server.Client, 1, ServerThroughput.ClientCounts, options.Requests, throughput, log).ConfigureAwait(false);
            log.WriteLine("Server against direct synthesis of the short phrase ...");
            overhead = await ServerOverhead.RunAsync(server.Client, synthesizer, voice.ClipPath, 3 * options.Repeat).ConfigureAwait(false);
        }

        await using (var server = await ServerInstance.StartAsync(workspace, "parallel", voice.ClipPath, 2, Load).ConfigureAwait(false))
        {
            await MeasureThroughputAsync(server.Client, 2, ServerThroughput.ClientCounts[1..], options.Requests, throughput, log).ConfigureAwait(false);
        }

        return new ServerReport(machine, options, voice, ttfa, throughput, overhead, wyoming);
    }

    private static async Task MeasureThroughputAsync(
        HttpClient client, int maxConcurrent, IEnumerable<int> clientCounts, int requests, List<ThroughputFigures> into, TextWriter log)
    {
        // Warms the connection, the voice's conditioning and, on a fresh server, waits for the model load.
        (await ServerCall.SendAsync(client, ServerInputs.Request(ServerInputs.Phrase, "pcm", ServerInputs.PhraseTokens)).ConfigureAwait(false)).EnsureAudio();
        foreach (var clients in clientCounts)
        {
            log.WriteLine($"Short phrase, {clients} client(s), {maxConcurrent} generation(s) at a time ...");
            into.Add(await ServerThroughput.RunAsync(client, maxConcurrent, clients, requests).ConfigureAwait(false));
        }
    }
}
