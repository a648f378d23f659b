using System.Net;
using System.Text;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>A client's max_new_tokens is checked against what the model holds: a 400 naming the limit, never an allocation or an ONNX Runtime error.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class TokenBudgetTests(ServerWorkspace workspace)
{
    [Theory]
    [InlineData(2_147_482_647)]
    [InlineData(100_000)]
    [InlineData(2048)]
    public async Task A_budget_the_model_cannot_hold_is_400_naming_the_limit(int maxNewTokens)
    {
        var server = await workspace.ReadyServerAsync();
        var body = $$"""{"model":"tts-1","input":"Hello there.","voice":"alloy","response_format":"pcm","max_new_tokens":{{maxNewTokens}}}""";

        using var response = await server.Client.PostAsync(
            new Uri("/v1/audio/speech", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("max_new_tokens", error.Param());
        Assert.Equal("invalid_value", error.Code());
        Assert.Matches(@"at most \d+: the model has 2048 positions", error.Message());
    }
}
