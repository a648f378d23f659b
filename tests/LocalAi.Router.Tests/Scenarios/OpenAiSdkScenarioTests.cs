using System.ClientModel;
using LocalAi.Router.Tests.Support;
using OpenAI;
using OpenAI.Audio;

namespace LocalAi.Router.Tests.Scenarios;

/// <summary>The official OpenAI .NET SDK pointed at the router process (with an API key) in front of a real tts-server.</summary>
[Collection(RouterCollection.Name)]
public sealed class OpenAiSdkScenarioTests(UpstreamWorkspace workspace)
{
    private const string Key = "sk-scenario-key";

    [Fact]
    public async Task The_sdk_gets_speech_bytes_and_sees_error_envelopes_as_exceptions_with_their_status()
    {
        await using var upstream = await workspace.StartTtsServerAsync("scenario-sdk-upstream");
        using var router = LocalAiProcess.Router(ScenarioRouterFile.Write(workspace.NewDirectory("scenario-sdk"), [("gpu", upstream.Address)], Key));
        await router.StartAsync();
        var speechOptions = new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Wav };

        var speech = await Audio(router, Key).GenerateSpeechAsync("Hello from the SDK.", GeneratedSpeechVoice.Alloy, speechOptions);
        var wrongKey = await Assert.ThrowsAsync<ClientResultException>(
            () => Audio(router, "sk-wrong").GenerateSpeechAsync("Hello.", GeneratedSpeechVoice.Alloy, speechOptions));
        var unknownVoice = await Assert.ThrowsAsync<ClientResultException>(
            () => Audio(router, Key).GenerateSpeechAsync("Hello.", new GeneratedSpeechVoice("no-such-voice"), speechOptions));

        var bytes = speech.Value.ToArray();
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal("WAVE"u8.ToArray(), bytes[8..12]);
        Assert.Equal(401, wrongKey.Status);
        Assert.Contains("API key", wrongKey.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(400, unknownVoice.Status);
        Assert.Contains("no-such-voice", unknownVoice.Message, StringComparison.Ordinal);
    }

    private static AudioClient Audio(LocalAiProcess router, string key) =>
        new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(router.Address, "/v1") }).GetAudioClient("tts-1");
}
