using System.Net;
using System.Text;
using System.Text.Json;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>What counts as text to speak, and how its length is counted.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class InputTextTests(ServerWorkspace workspace)
{
    [Theory]
    [InlineData("\u0000\u0000\u0000")]
    [InlineData("\u200B\u200C\u200D\u2060\uFEFF")]
    [InlineData(" \u200B \u0000 ")]
    public async Task Input_of_only_invisible_or_nul_characters_is_400_empty(string input)
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await PostAsync(server, input);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal(("input", "empty_string"), (error.Param(), error.Code()));
    }

    [Fact]
    public async Task The_length_limit_counts_code_points_not_utf16_units()
    {
        var server = await workspace.ReadyServerAsync();
        // 4096 emoji: 4096 characters within the default limit, though 8192 UTF-16 units.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 4096));
        var tooLong = emoji + "!";

        using var within = await PostAsync(server, emoji, maxNewTokens: 0);
        using var beyond = await PostAsync(server, tooLong, maxNewTokens: 0);

        // max_new_tokens 0 is refused after the length check, so a 400 naming max_new_tokens proves the length passed.
        Assert.Equal("max_new_tokens", (await ErrorEnvelope.ReadAsync(within)).Param());
        var error = await ErrorEnvelope.ReadAsync(beyond);
        Assert.Equal("string_above_max_length", error.Code());
        Assert.Contains("length 4097", error.Message(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(InProcessTtsServer server, string input, int maxNewTokens = 5)
    {
        var body = JsonSerializer.Serialize(new { model = "tts-1", input, response_format = "pcm", max_new_tokens = maxNewTokens });
        return server.Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
    }
}
