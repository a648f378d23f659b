using System.Text.Json;
using LocalAi.Audio;

namespace LocalAi.Cli.Tests;

/// <summary><c>localai say -</c> reads the text from standard input.</summary>
/// <remarks>
/// Standard input is process-wide; only <c>say</c> reads it, and every say test shares one collection, so nothing
/// else runs while it is swapped here.
/// </remarks>
[Collection(SayModelCollection.Name)]
public sealed class SayStdinTests(SayModel model) : IDisposable
{
    private readonly SayWorkspace work = new();

    [Fact]
    public async Task A_dash_reads_the_text_from_standard_input()
    {
        var original = Console.In;
        Console.SetIn(new StringReader("Hello world\n"));
        SayRun.Outcome run;
        try
        {
            run = await SayRun.InvokeAsync(
            [
                "-", "--model-dir", model.Directory, "--voice-file", model.VoiceFile, "--out", work.Output, "--cache", work.Cache,
                "--max-new-tokens", "20", "--trace", work.Trace,
            ]);
        }
        finally
        {
            Console.SetIn(original);
        }

        Assert.Equal(0, run.ExitCode);
        using var trace = JsonDocument.Parse(File.ReadAllBytes(work.Trace));
        Assert.Equal("Hello world.", trace.RootElement.GetProperty("normalized_text").GetString());
        Assert.Equal(trace.RootElement.GetProperty("sample_count").GetInt32(), WavReader.ReadFile(work.Output).Frames);
    }

    public void Dispose() => work.Dispose();
}
