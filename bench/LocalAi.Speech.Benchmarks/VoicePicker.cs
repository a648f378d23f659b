using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>A reference clip, its conditioning, and how long the loop runs with it.</summary>
internal sealed record PickedVoice(ulong Seed, int SeedsTried, float[] Clip, SpeechConditioning Conditioning, int TokensGenerated, GenerationStopReason StopReason);

/// <summary>
/// The synthetic model emits STOP after any token whose id is a multiple of 53, so most voices stop after tens of tokens.
/// Tries clip seeds until one runs the full budget, so every measurement covers the same number of steps; otherwise
/// keeps the longest. The tries double as warm-up.
/// </summary>
internal static class VoicePicker
{
    private const int MaxSeeds = 16;

    // A null prompt takes BenchInputs.Prompt (Turbo's text ids).
    public static PickedVoice Pick(ChatterboxModel model, int tokens, TextWriter log, IReadOnlyList<long>? prompt = null)
    {
        var ids = (prompt ?? BenchInputs.Prompt).ToArray();
        PickedVoice? best = null;
        var tried = 0;
        for (ulong seed = 1; seed <= MaxSeeds; seed++)
        {
            tried++;
            var clip = BenchInputs.Voice(seed);
            var voice = model.EncodeVoice(clip);
            var generation = model.GenerateTokens(voice, ids, new GenerationOptions(), tokens, seed: 0);
            log.WriteLine($"  voice seed {seed}: {generation.Tokens.Count} tokens ({generation.StopReason})");
            if (best is null || generation.Tokens.Count > best.TokensGenerated)
            {
                best = new PickedVoice(seed, 0, clip, voice, generation.Tokens.Count, generation.StopReason);
            }

            if (generation.StopReason == GenerationStopReason.MaxNewTokens)
            {
                break;
            }
        }

        return best! with { SeedsTried = tried };
    }
}
