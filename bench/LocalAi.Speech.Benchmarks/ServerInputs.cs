using System.Net.Http.Json;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>The texts and request bodies of the server measurements: greedy, seed 0, fixed token budgets.</summary>
internal static class ServerInputs
{
    public const string Phrase = "Hello world.";

    /// <summary>Tokens per chunk of the short phrase: 0.8 s of speech at most.</summary>
    public const int PhraseTokens = 20;

    /// <summary>Tokens per chunk of the paragraph: up to 6 s of speech per chunk, long enough for streaming to matter.</summary>
    public const int ParagraphTokens = 150;

    /// <summary>Five sentences; the server speaks the first alone, then the rest in chunks of up to 300 characters.</summary>
    public const string Paragraph =
        "The morning train left the station a few minutes after seven. " +
        "Most of the passengers were still half asleep behind their newspapers. " +
        "Outside, the fields slowly turned from grey to a pale and hopeful green. " +
        "A child near the window counted the cows and announced each one aloud. " +
        "By the time the city appeared on the horizon, everyone knew the final number.";

    /// <summary>The server's chunking with the first sentence alone, as <c>SpeechStreamer</c> configures it.</summary>
    public static SynthesisOptions Synthesis(int maxNewTokens) => new()
    {
        Generation = new GenerationOptions { Temperature = 0, Seed = 0, MaxNewTokens = maxNewTokens },
        MaxChunkCharacters = SynthesisOptions.DefaultMaxChunkCharacters,
        FirstSentenceAlone = true,
    };

    /// <summary>A <c>POST /v1/audio/speech</c> asking for raw audio streamed as it is made, in the default voice.</summary>
    public static HttpRequestMessage Request(string input, string format, int maxNewTokens) =>
        new(HttpMethod.Post, "/v1/audio/speech")
        {
            Content = JsonContent.Create(new
            {
                model = "tts-1",
                input,
                voice = "alloy",
                response_format = format,
                stream_format = "audio",
                temperature = 0,
                seed = 0,
                max_new_tokens = maxNewTokens,
            }),
        };
}
