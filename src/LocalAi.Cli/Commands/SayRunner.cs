using System.Diagnostics;
using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary>Carries out a <see cref="SayRequest"/>: finds or pulls the model, prepares the voice, speaks, writes.</summary>
internal sealed class SayRunner(CommandConsoles consoles)
{
    public async Task<int> RunAsync(SayRequest request, CancellationToken cancellationToken)
    {
        var model = ModelCatalog.Find(request.ModelId)
            ?? throw new ArgumentException($"Unknown model '{request.ModelId}'. Known models: {string.Join(", ", ModelCatalog.All.Select(m => m.Id))}.");
        // Checked against the catalog's family before anything is pulled, and against the loaded graphs after.
        var generation = request.Generation with
        {
            Language = LanguageRequest.Language(request.Generation.Language, model.Family, model.Id),
            Exaggeration = LanguageRequest.Exaggeration(request.Generation.Exaggeration, model.Family, model.Id),
        };
        generation.Validate();
        var dtypes = model.Fit(request.DTypes ?? ChatterboxOptions.DefaultDTypes(request.Device));
        using var store = new ModelStore(ModelStoreOptions.FromEnvironment(request.CacheDirectory));
        var modelDirectory = request.ModelDirectory ?? await ResolveModelAsync(store, model.Id, dtypes, request, cancellationToken).ConfigureAwait(false);
        var voiceFile = request.VoiceFile ?? store.ResolveDefaultVoice()
            ?? throw new ArgumentException(
                "No voice: pass --voice-file with a clip of the voice to clone (more than 5 s of clean speech; 10 s is ideal), " +
                $"or run `localai models pull {model.Id}` to fetch the default voice.");

        var clock = Stopwatch.StartNew();
        using var synthesizer = SpeechSynthesizer.Load(
            new ChatterboxOptions { ModelDirectory = modelDirectory, ModelId = model.Id, DTypes = dtypes, Device = request.Device, IntraOpThreads = request.Threads },
            Path.Combine(store.Options.CacheDirectory, "conditioning"));
        LanguageRequest.Check(generation, synthesizer.Model.Family, model.Id);
        var loadMs = clock.Elapsed.TotalMilliseconds;

        var clipOptions = new ReferenceClipOptions
        {
            NormalizeLoudness = request.ReferenceLufs is not null,
            TargetLufs = request.ReferenceLufs ?? LoudnessNormalizer.DefaultTargetLufs,
        };
        clock.Restart();
        var voice = await synthesizer.PrepareVoiceAsync(voiceFile, clipOptions, cancellationToken).ConfigureAwait(false);
        var voiceMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var options = new SynthesisOptions { Generation = generation, MaxChunkCharacters = request.MaxChunkCharacters };
        var result = synthesizer.Synthesize(request.Text, voice.Conditioning, options, cancellationToken);
        var synthesisMs = clock.Elapsed.TotalMilliseconds;

        WriteAtomically(request.OutputPath, stream => WavWriter.Write(stream, new AudioClip(result.Samples, 1, SpeechTokens.SampleRate), request.SampleFormat));
        if (request.TracePath is not null)
        {
            var trace = SayTrace.From(result, voice, synthesizer.Model, new SayTrace.StageTimings(loadMs, voiceMs, synthesisMs));
            WriteAtomically(request.TracePath, trace.WriteTo);
        }

        var seconds = result.DurationSeconds;
        consoles.Output.MarkupLine(
            $"[green]Wrote[/] {Markup.Escape(request.OutputPath)}: {seconds:F2} s of audio in {synthesisMs / 1000:F2} s " +
            $"(real-time factor {(seconds > 0 ? synthesisMs / 1000 / seconds : 0):F2}), {result.Chunks.Count} chunk(s), " +
            $"{result.Chunks.Sum(c => c.Generation.SpeechTokens.Count)} speech tokens, voice {(voice.FromCache ? "from cache" : "encoded")}.");
        return 0;
    }

    private async Task<string> ResolveModelAsync(ModelStore store, string modelId, GraphDTypes dtypes, SayRequest request, CancellationToken cancellationToken)
    {
        if (store.Resolve(modelId, dtypes) is { } installed)
        {
            return installed;
        }

        if (!request.AllowPull)
        {
            throw new ArgumentException(
                $"{modelId} ({dtypes}) is not in the cache ({store.Options.CacheDirectory}). Run `localai models pull {modelId} --dtype {dtypes}` or pass --model-dir.");
        }

        consoles.Error.MarkupLine($"{modelId} ({Markup.Escape(dtypes.ToString())}) is not in the cache yet: downloading it once.");
        var model = await store.PullAsync(modelId, dtypes, new ModelPullOptions { IncludeVoice = request.VoiceFile is null }, null, cancellationToken)
            .ConfigureAwait(false);
        return model.Directory;
    }

    // The file appears complete or not at all: written beside its destination, then renamed over it.
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var stream = File.Create(temporary))
            {
                write(stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
