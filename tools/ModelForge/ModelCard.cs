using System.Globalization;
using System.Text;
using LocalAi.ModelForge.Graphs;

namespace LocalAi.ModelForge;

/// <summary>The README.md of a forged directory: says loudly that it is synthetic and how it behaves.</summary>
internal static class ModelCard
{
    public static string Text(ForgedModel model)
    {
        var p = model.Profile;
        var text = new StringBuilder();
        text.AppendLine("# Synthetic Chatterbox Turbo ONNX model (NOT a trained model)");
        text.AppendLine();
        text.AppendLine("Written by LocalAi.ModelForge for tests and benchmarks. It has the input/output contract of");
        text.AppendLine("`ResembleAI/chatterbox-turbo-ONNX` (names, element types, dynamic dims, external `.onnx_data` files)");
        text.AppendLine("and random weights, so its audio is noise.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- profile: `{p.Name}`: {p.Layers} layers, {p.Heads} heads × {p.HeadDim} (hidden {p.Hidden}), MLP {p.MlpSize}, n_positions {p.Positions}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- seed: `{model.Seed}` (splitmix64; the same seed gives byte-identical files)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- dtypes: {string.Join(", ", model.DTypes.Select(d => $"`{d.CliName()}`"))}");
        text.AppendLine("- `q4`/`q4f16`: every language-model projection is a 4-bit `com.microsoft:MatMulNBits` (block 32, symmetric, no");
        text.AppendLine("  zero points; float scales for q4, float16 for q4f16) and every embedding table a 4-bit `GatherBlockQuantized`.");
        text.AppendLine();
        text.AppendLine("## Behaviour");
        text.AppendLine();
        text.AppendLine("- `embed_tokens`: a call with exactly one id uses the speech table (ids above 6562 are clamped); a call with");
        text.AppendLine("  more ids uses the text table. Embed the prompt in one call and each speech token alone, as the official loop does.");
        text.AppendLine("- `language_model`: a real GPT-2 forward pass (learned positions, causal + padding mask, KV cache).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Stop: the last residual channel is reserved. Speech tokens whose id is a multiple of {TurboContract.StopTriggerModulus} carry a strong");
        text.AppendLine("  value there; nothing else writes it and the head maps it only to the STOP logit (6562). So the step after such a");
        text.AppendLine("  token is fed back, greedy decoding emits STOP: loops usually end after tens of tokens.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- START (6561) has a logit bias of {StopMechanism.StartBias}, so it is never the argmax.");
        text.AppendLine("- `speech_encoder`: one token per 960-sample frame (floor of a scaled frame projection, mod 6561); conditioning");
        text.AppendLine("  from the first 15 s, decoder prompt (tokens, 480-sample mel frames) from the first 10 s, speaker vector from the whole clip.");
        text.AppendLine("- `conditional_decoder`: the first feature_dim/2 tokens only condition; each later token renders 960 samples in ±0.9.");
        return text.ToString();
    }
}
