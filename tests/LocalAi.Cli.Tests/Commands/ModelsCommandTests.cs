using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Tests.Models;

namespace LocalAi.Cli.Tests.Commands;

public sealed class ModelsCommandTests
{
    [Fact]
    public async Task Pull_downloads_the_model_and_the_voice_and_says_where()
    {
        await using var fixture = await HubFixture.StartAsync();

        var (code, output, error) = await CliRun.ModelsAsync(
            "pull", "chatterbox-turbo", "--cache", fixture.Cache, "--endpoint", fixture.Hub.Endpoint.AbsoluteUri);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains($"Pulled chatterbox-turbo (q4) into {fixture.ModelDirectory}", output, StringComparison.Ordinal);
        Assert.True(File.Exists(fixture.PathOf(ChatterboxGraph.LanguageModel.DataPath(ModelDType.Q4))));
        Assert.True(File.Exists(Path.Combine(fixture.Cache, "voices", "default_voice.wav")));
    }

    [Fact]
    public async Task Pull_of_a_per_graph_mix_without_the_voice_fetches_only_the_model()
    {
        await using var fixture = await HubFixture.StartAsync();

        var (code, output, _) = await CliRun.ModelsAsync(
            "pull", "chatterbox-turbo", "--dtype", "q4,embed_tokens=fp16", "--no-voice",
            "--cache", fixture.Cache, "--endpoint", fixture.Hub.Endpoint.AbsoluteUri);

        Assert.Equal(0, code);
        Assert.Contains("(q4,embed_tokens=fp16)", output, StringComparison.Ordinal);
        Assert.True(File.Exists(fixture.PathOf("onnx/embed_tokens_fp16.onnx")));
        Assert.False(Directory.Exists(Path.Combine(fixture.Cache, "voices")));
    }

    [Fact]
    public async Task List_shows_a_table_of_model_revision_dtypes_size_and_path()
    {
        await using var fixture = await HubFixture.StartAsync();
        var endpoint = fixture.Hub.Endpoint.AbsoluteUri;
        await CliRun.ModelsAsync("pull", "chatterbox-turbo", "--no-voice", "--cache", fixture.Cache, "--endpoint", endpoint);
        await CliRun.ModelsAsync("pull", "chatterbox-turbo", "--dtype", "fp16", "--no-voice", "--cache", fixture.Cache, "--endpoint", endpoint);

        var (code, output, _) = await CliRun.ModelsAsync("list", "--cache", fixture.Cache);

        Assert.Equal(0, code);
        var row = Assert.Single(output.Split('\n'), line => line.Contains("chatterbox-turbo", StringComparison.Ordinal));
        Assert.Contains("main", row, StringComparison.Ordinal);
        Assert.Contains("q4 fp16", row, StringComparison.Ordinal);
        Assert.Contains("│ 1.2 MB │", row, StringComparison.Ordinal);
        Assert.Contains(fixture.ModelDirectory, row, StringComparison.Ordinal);
        Assert.Contains("DTypes", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_of_an_empty_cache_says_how_to_pull()
    {
        var cache = Path.Combine(Path.GetTempPath(), "localai-cli-empty-" + Guid.NewGuid().ToString("N"));

        var (code, output, _) = await CliRun.ModelsAsync("list", "--cache", cache);

        Assert.Equal(0, code);
        Assert.Contains("localai models pull chatterbox-turbo", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_of_one_dtype_keeps_the_other()
    {
        await using var fixture = await HubFixture.StartAsync();
        var endpoint = fixture.Hub.Endpoint.AbsoluteUri;
        await CliRun.ModelsAsync("pull", "chatterbox-turbo", "--no-voice", "--cache", fixture.Cache, "--endpoint", endpoint);
        await CliRun.ModelsAsync("pull", "chatterbox-turbo", "--dtype", "fp16", "--no-voice", "--cache", fixture.Cache, "--endpoint", endpoint);

        var (code, output, _) = await CliRun.ModelsAsync("rm", "chatterbox-turbo", "--dtype", "q4", "--cache", fixture.Cache);

        Assert.Equal(0, code);
        Assert.Contains("Removed chatterbox-turbo (q4)", output, StringComparison.Ordinal);
        Assert.False(File.Exists(fixture.PathOf("onnx/language_model_q4.onnx")));
        Assert.True(File.Exists(fixture.PathOf("onnx/language_model_fp16.onnx")));
        Assert.True(File.Exists(fixture.PathOf("tokenizer.json")));
    }

    [Fact]
    public async Task Rm_of_a_model_that_is_not_installed_fails_with_one_red_line()
    {
        var cache = Path.Combine(Path.GetTempPath(), "localai-cli-none-" + Guid.NewGuid().ToString("N"));

        var (code, _, error) = await CliRun.ModelsAsync("rm", "chatterbox-turbo", "--cache", cache);

        Assert.Equal(1, code);
        Assert.Equal($"error: chatterbox-turbo is not installed in {cache}.", error.Trim());
    }

    [Fact]
    public async Task Pull_while_offline_fails_with_one_line_naming_the_url_and_what_to_do()
    {
        var cache = Path.Combine(Path.GetTempPath(), "localai-cli-offline-" + Guid.NewGuid().ToString("N"));
        var endpoint = $"http://127.0.0.1:{ClosedPort.Find()}";

        try
        {
            var (code, _, error) = await CliRun.ModelsAsync("pull", "chatterbox-turbo", "--cache", cache, "--endpoint", endpoint);

            Assert.Equal(1, code);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: Could not reach " + endpoint + "/ResembleAI/chatterbox-turbo-ONNX/resolve/main/", line, StringComparison.Ordinal);
            Assert.Contains("--model-dir", line, StringComparison.Ordinal);
            Assert.Contains("HF_ENDPOINT", line, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Pull_of_a_gated_repository_without_a_token_says_to_set_HF_TOKEN_and_with_one_succeeds()
    {
        await using var fixture = await HubFixture.StartAsync();
        fixture.Hub.RequiredToken = "hf_cli";
        var endpoint = fixture.Hub.Endpoint.AbsoluteUri;

        var refused = await CliRun.ModelsAsync("pull", "chatterbox-turbo", "--no-voice", "--cache", fixture.Cache, "--endpoint", endpoint, "--token", "hf_wrong");
        var allowed = await CliRun.ModelsAsync("pull", "chatterbox-turbo", "--no-voice", "--cache", fixture.Cache, "--endpoint", endpoint, "--token", "hf_cli");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("set HF_TOKEN", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, allowed.ExitCode);
    }

    [Fact]
    public async Task An_unknown_dtype_or_model_fails_with_a_red_error()
    {
        var cache = Path.Combine(Path.GetTempPath(), "localai-cli-bad-" + Guid.NewGuid().ToString("N"));

        var badDtype = await CliRun.ModelsAsync("pull", "chatterbox-turbo", "--dtype", "q3", "--cache", cache, "--endpoint", "http://127.0.0.1:9");
        var badModel = await CliRun.ModelsAsync("rm", "chatterbox-giant", "--cache", cache);

        Assert.Equal(1, badDtype.ExitCode);
        Assert.Contains("error: Unknown model dtype 'q3'", badDtype.Error, StringComparison.Ordinal);
        Assert.Equal(1, badModel.ExitCode);
        Assert.Contains("error: Unknown model 'chatterbox-giant'", badModel.Error, StringComparison.Ordinal);
    }
}
