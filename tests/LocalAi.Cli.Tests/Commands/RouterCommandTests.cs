namespace LocalAi.Cli.Tests.Commands;

public sealed class RouterCommandTests
{
    [Fact]
    public async Task A_config_without_upstreams_says_where_and_exits_with_2()
    {
        var path = Path.Combine(Path.GetTempPath(), "localai-router-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, """{ "port": 8080, "upstreams": [] }""");
        try
        {
            var (code, output, error) = await CliRun.RouterAsync("--config", path);

            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Contains("$.upstreams", error, StringComparison.Ordinal);
            Assert.Contains("at least one upstream is required", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_named_config_that_does_not_exist_is_a_clear_error_with_2()
    {
        var path = Path.Combine(Path.GetTempPath(), "localai-router-missing-" + Guid.NewGuid().ToString("N") + ".json");

        var (code, _, error) = await CliRun.RouterAsync("--config", path);

        Assert.Equal(2, code);
        Assert.Contains($"Cannot read the router file '{path}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upstream_flag_without_a_url_shows_the_expected_form_with_2()
    {
        var (code, _, error) = await CliRun.RouterAsync("--upstream", "gpu=not-a-url", "--port", "0");

        Assert.Equal(2, code);
        Assert.Contains("expected NAME=URL", error, StringComparison.Ordinal);
    }
}
