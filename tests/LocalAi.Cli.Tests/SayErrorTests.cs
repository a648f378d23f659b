using LocalAi.Audio;
using LocalAi.Speech.Tests.Support;

namespace LocalAi.Cli.Tests;

/// <summary>Every failure of <c>localai say</c> is exit code 1, one red <c>error:</c> line, and no output file.</summary>
[Collection(SayModelCollection.Name)]
public sealed class SayErrorTests(SayModel model) : IDisposable
{
    private readonly SayWorkspace work = new();

    [Fact]
    public async Task A_clip_of_three_seconds_is_refused_as_too_short()
    {
        var shortClip = work.PathOf("short.wav");
        Directory.CreateDirectory(work.Root);
        WavWriter.WriteFile(shortClip, new AudioClip(TestClips.Voice(3, 81), 1, 24000), WavSampleFormat.Float32);

        var error = await FailsAsync("--model-dir", model.Directory, "--voice-file", shortClip);

        Assert.Contains("more than 5 s", error, StringComparison.Ordinal);
        Assert.Equal([shortClip], work.OutputFiles());
    }

    [Fact]
    public async Task A_model_directory_that_does_not_exist_is_named()
    {
        var missing = work.PathOf("no-such-model");

        var error = await FailsAsync("--model-dir", missing, "--voice-file", model.VoiceFile);

        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_dtype_is_refused()
    {
        var error = await FailsAsync("--model-dir", model.Directory, "--voice-file", model.VoiceFile, "--dtype", "bogus");

        Assert.Contains("bogus", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Formats_other_than_wav_are_refused()
    {
        var error = await FailsAsync("--model-dir", model.Directory, "--voice-file", model.VoiceFile, "--format", "mp3");

        Assert.Contains("--format mp3", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_negative_temperature_is_refused()
    {
        var error = await FailsAsync("--model-dir", model.Directory, "--voice-file", model.VoiceFile, "--temperature", "-1");

        Assert.Contains("temperature must be between 0 (greedy) and 5", error, StringComparison.Ordinal);
        Assert.Contains("-1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_voice_file_or_a_default_voice_it_says_how_to_get_one()
    {
        var error = await FailsAsync("--model-dir", model.Directory);

        Assert.Contains("--voice-file", error, StringComparison.Ordinal);
        Assert.Contains("localai models pull chatterbox-turbo", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_is_not_downloaded_with_no_pull()
    {
        var error = await FailsAsync("--voice-file", model.VoiceFile, "--no-pull");

        Assert.Contains("chatterbox-turbo (q4) is not in the cache", error, StringComparison.Ordinal);
        Assert.Contains("--model-dir", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work.Cache, "models", "chatterbox-turbo")));
    }

    [Fact]
    public async Task The_error_line_is_red()
    {
        var run = await SayRun.InvokeAsync(
            ["Hello", "--model-dir", model.Directory, "--voice-file", model.VoiceFile, "--format", "mp3", "--out", work.Output, "--cache", work.Cache],
            colors: true);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("\u001b[91merror:\u001b[0m ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    public void Dispose() => work.Dispose();

    // Runs say with the workspace's output and cache, checks the common failure shape, and returns the message.
    [Fact]
    [Trait("Category", "Reliability")]
    public async Task A_max_new_tokens_beyond_the_models_positions_is_refused_naming_the_limit()
    {
        var run = await SayRun.InvokeAsync(
            ["Hello world", "--out", work.Output, "--cache", work.Cache, "--model-dir", model.Directory, "--voice-file", model.VoiceFile, "--max-new-tokens", "2147482647"]);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Matches(@"^error: max_new_tokens must be at most \d+: the model has 2048 positions", line);
        Assert.DoesNotContain(work.OutputFiles(), f => f.StartsWith(work.Output, StringComparison.Ordinal));
    }

    private Task<string> FailsAsync(params string[] options) => work.FailsAsync("Hello world", options);
}
