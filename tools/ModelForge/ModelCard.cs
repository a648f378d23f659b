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
        var multilingual = p.Family == ForgeFamily.Multilingual;
        text.AppendLine(multilingual ? "# Synthetic Chatterbox Multilingual ONNX model (NOT a trained model)" : "# Synthetic Chatterbox Turbo ONNX model (NOT a trained model)");
        text.AppendLine();
        text.AppendLine("Written by LocalAi.ModelForge for tests and benchmarks. It has the input/output contract of");
        text.AppendLine(multilingual ? "`onnx-community/chatterbox-multilingual-ONNX`" : "`ResembleAI/chatterbox-turbo-ONNX`");
        text.AppendLine("(names, element types, dynamic dims, external `.onnx_data` files) and random weights, so its audio is noise.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- profile: `{p.Name}`: {p.Layers} layers, {p.Heads} heads × {p.HeadDim} (hidden {p.Hidden}), MLP {p.MlpSize}, n_positions {p.Positions}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- seed: `{model.Seed}` (splitmix64; the same seed gives byte-identical files)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- dtypes: {string.Join(", ", model.DTypes.Select(d => $"`{d.CliName()}`"))}");
        text.AppendLine("- `q4`/`q4f16`: every language-model projection is a 4-bit `com.microsoft:MatMulNBits` (block 32, symmetric, no");
        text.AppendLine("  zero points; float scales for q4, float16 for q4f16) and every embedding table a 4-bit `GatherBlockQuantized`.");
        text.AppendLine();
        text.AppendLine("## Behaviour");
        text.AppendLine();
        if (multilingual)
        {
            text.AppendLine("- `embed_tokens(input_ids, position_ids, exaggeration)`: ids up to the first 0 are text (table + text position),");
            text.AppendLine("  later ids speech (table + speech position), 6563 is `exaggeration` times a learned row.");
            text.AppendLine("- `language_model`: a Llama forward pass (RMSNorm, RoPE at past_length + i, SwiGLU), no `position_ids` input;");
            text.AppendLine("  logits over 8194 ids, of which 6563 and above are biased far down (never trained targets).");
            text.AppendLine("- `speech_encoder`: `audio_features` is 1 speaker row + 32 perceiver rows of the first 6 s.");
            text.AppendLine("- `generation_config.json` is the official one; the rest below holds as for Turbo.");
        }

        text.AppendLine("- `embed_tokens`: a call with exactly one id uses the speech table (ids above 6562 are clamped); a call with");
        text.AppendLine("  more ids uses the text table. Embed the prompt in one call and each speech token alone, as the official loop does.");
        text.AppendLine("- `language_model`: a real GPT-2 forward pass (learned positions, causal + padding mask, KV cache).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Stop: the last residual channel is reserved. Speech tokens whose id is a multiple of {TurboContract.StopTriggerModulus} carry a strong");
        text.AppendLine("  value there; nothing else writes it and the head maps it only to the STOP logit (6562). So the step after such a");
        text.AppendLine("  token is fed back, greedy decoding emits STOP: loops usually end after tens of tokens.");
        if (model.MinStopPosition > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Stop floor: STOP is never chosen into a cache position below {model.MinStopPosition} (its logit gets {StopMechanism.HeldOffBias} where");
            text.AppendLine("  `position_ids` + 1 is below it), so a prompt of P positions generates at least that minus P tokens before it stops.");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- START (6561) has a logit bias of {StopMechanism.StartBias}, so it is never the argmax.");
        text.AppendLine("- `speech_encoder`: one token per 960-sample frame (floor of a scaled frame projection, mod 6561); conditioning");
        text.AppendLine("  from the first 15 s, decoder prompt (tokens, 480-sample mel frames) from the first 10 s, speaker vector from the whole clip.");
        text.AppendLine("- `conditional_decoder`: the first feature_dim/2 tokens only condition; each later token renders 960 samples in ±0.9.");
        return text.ToString();
    }
}
