using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>The default voice the servers get, and how the paragraph runs with it.</summary>
internal sealed record ServerVoice(ulong Seed, int SeedsTried, string ClipPath, int Chunks, int TokensGenerated, int TokenBudget);

/// <summary>
/// The synthetic model stops after any token id that is a multiple of 53, so with most voices a chunk ends after tens
/// of tokens. Synthesizes the paragraph directly with up to 8 clip seeds and keeps the first whose every chunk runs
/// its budget, or else the one that speaks longest, so the streaming figures cover real lengths. The tries warm up.
/// </summary>
internal static class ServerVoicePicker
{
    private const int MaxSeeds = 8;

    public static async Task<ServerVoice> PickAsync(SpeechSynthesizer synthesizer, ServerWorkspace workspace, TextWriter log)
    {
        ServerVoice? best = null;
        var tried = 0;
        var options = ServerInputs.Synthesis(ServerInputs.ParagraphTokens);
        for (ulong seed = 1; seed <= MaxSeeds; seed++)
        {
            tried++;
            var clip = workspace.VoiceClip(seed);
            var voice = await synthesizer.PrepareVoiceAsync(clip).ConfigureAwait(false);
            var result = synthesizer.Synthesize(ServerInputs.Paragraph, voice.Conditioning, options);
            var tokens = result.Chunks.Sum(c => c.Generation.Tokens.Count);
            var budget = result.Chunks.Count * ServerInputs.ParagraphTokens;
            log.WriteLine($"  voice seed {seed}: {result.Chunks.Count} chunks, {tokens} of {budget} tokens, {result.DurationSeconds:F2} s of audio");
            if (best is null || tokens > best.TokensGenerated)
            {
                best = new ServerVoice(seed, 0, clip, result.Chunks.Count, tokens, budget);
            }

            if (tokens == budget)
            {
                break;
            }
        }

        return best! with { SeedsTried = tried };
    }
}
