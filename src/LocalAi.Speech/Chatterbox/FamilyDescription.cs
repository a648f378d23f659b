using System.Text.Json;
using LocalAi.Speech.Chatterbox.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// Everything that differs between the Chatterbox families, in one place; the one generation loop asks this and
/// nothing else. The graphs decide the family at load time: an <c>embed_tokens</c> that declares an
/// <c>exaggeration</c> input is the multilingual export.
/// <list type="table">
/// <listheader><term>what</term><description>Turbo / Multilingual</description></listheader>
/// <item><term>embed_tokens inputs</term><description><c>input_ids</c> / <c>input_ids, position_ids, exaggeration</c></description></item>
/// <item><term>prompt position ids</term><description>none / <c>id ≥ 6561 ? 0 : j − 1</c> (index j in the prompt)</description></item>
/// <item><term>step position id</term><description>none / k for the k-th generated token (1, 2, …)</description></item>
/// <item><term>language model positions</term><description>fed, L − 1 + k / not an input: the graph derives them from the cache length</description></item>
/// <item><term>logits width</term><description>read from the graph: 6563 / 8194</description></item>
/// <item><term>stop ids</term><description>6562 / the non-speech eos ids of generation_config.json (6562; 2 is a speech code)</description></item>
/// <item><term>decoder input</term><description><c>[prompt ; tokens ; 4299 × 3]</c> / <c>[prompt ; tokens]</c></description></item>
/// <item><term>token limit</term><description>n_positions − prompt / 4096 speech positions</description></item>
/// <item><term>batching</term><description>continuous batching / unbatched (padded rows would shift the graph's own positions)</description></item>
/// </list>
/// </summary>
internal sealed class FamilyDescription
{
    /// <summary>The exaggeration the official multilingual loop feeds when the caller sets none.</summary>
    public const float DefaultExaggeration = 0.5f;

    /// <summary>The name of <c>embed_tokens</c>' exaggeration input; its presence marks the multilingual export.</summary>
    public const string ExaggerationInput = "exaggeration";

    /// <summary>The name of <c>embed_tokens</c>' position input (multilingual).</summary>
    public const string PositionInput = "position_ids";

    // PyTorch T3Config.max_speech_tokens: the speech-position table of the multilingual embed_tokens has 4096 + 4 rows.
    private const int MultilingualSpeechPositions = 4096;

    private FamilyDescription(ModelFamily family, int vocabulary, IReadOnlyList<int> stopTokens)
    {
        Family = family;
        Vocabulary = vocabulary;
        StopTokens = stopTokens;
    }

    /// <summary>Turbo with its fixed numbers, for a runner built without reading a directory.</summary>
    public static FamilyDescription Turbo { get; } = new(ModelFamily.Turbo, SpeechTokens.VocabularySize, [SpeechTokens.Stop]);

    /// <summary>Which family this is.</summary>
    public ModelFamily Family { get; }

    /// <summary>Width of the logits (the speech vocabulary of the head).</summary>
    public int Vocabulary { get; }

    /// <summary>The ids that end generation.</summary>
    public IReadOnlyList<int> StopTokens { get; }

    /// <summary>Whether embed_tokens takes <c>position_ids</c> and <c>exaggeration</c> beside <c>input_ids</c>.</summary>
    public bool EmbedsPositionsAndExaggeration => Family == ModelFamily.Multilingual;

    /// <summary>Silence tokens (4299) appended to the decoder input: 3 for Turbo, none for Multilingual.</summary>
    public int DecoderPadding => Family == ModelFamily.Turbo ? SpeechTokens.SilencePadding : 0;

    /// <summary>Whether requests may share language-model steps (continuous batching).</summary>
    public bool SupportsBatching => Family.SupportsBatching();

    /// <summary>The most tokens one chunk may generate whatever its prompt; null when the prompt shares the positions (Turbo).</summary>
    public int? GeneratedTokenLimit => Family == ModelFamily.Multilingual ? MultilingualSpeechPositions : null;

    /// <summary>Whether generation ends on this token.</summary>
    public bool IsStop(int token)
    {
        foreach (var stop in StopTokens)
        {
            if (token == stop)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The embed_tokens position ids of the prompt, as the official multilingual script computes them: 0 for the
    /// exaggeration slot and the START ids (≥ 6561), j − 1 at index j otherwise.
    /// </summary>
    public static void WritePromptPositions(ReadOnlySpan<long> ids, Span<long> positions)
    {
        for (var j = 0; j < ids.Length; j++)
        {
            positions[j] = ids[j] >= SpeechTokens.Start ? 0 : j - 1;
        }
    }

    /// <summary>The embed_tokens position id of a step token: how many tokens have been generated (1 for the first fed back).</summary>
    public static long StepPosition(int generatedCount) => generatedCount;

    /// <summary>Reads the family from the graphs and, for Multilingual, the stop ids from <c>generation_config.json</c>.</summary>
    /// <exception cref="ModelLoadException">embed_tokens declares an exaggeration but no position ids.</exception>
    public static FamilyDescription Read(InferenceSession embedTokens, LanguageModelSignature signature, string? generationConfigPath)
    {
        var inputs = embedTokens.InputMetadata;
        if (!inputs.ContainsKey(ExaggerationInput))
        {
            return signature.Vocabulary == SpeechTokens.VocabularySize ? Turbo : new(ModelFamily.Turbo, signature.Vocabulary, [SpeechTokens.Stop]);
        }

        if (!inputs.ContainsKey(PositionInput))
        {
            throw new ModelLoadException(
                "The embed_tokens graph takes an exaggeration but no position_ids: it follows neither Chatterbox ONNX contract.",
                new InvalidDataException("embed_tokens signature"));
        }

        return new(ModelFamily.Multilingual, signature.Vocabulary, StopTokensOf(generationConfigPath, signature.Vocabulary));
    }

    // generation_config.json lists eos ids [2, 6562]; 2 is one of the 6561 speech codes the model speaks with, so only
    // the ids outside the codebook stop (the official loop stops on 6562 alone). No file, or no such id: 6562.
    private static int[] StopTokensOf(string? path, int vocabulary)
    {
        if (path is null || !File.Exists(path))
        {
            return [SpeechTokens.Stop];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (!document.RootElement.TryGetProperty("eos_token_id", out var eos))
            {
                return [SpeechTokens.Stop];
            }

            var ids = eos.ValueKind == JsonValueKind.Array ? eos.EnumerateArray().Select(e => e.GetInt32()).ToArray() : [eos.GetInt32()];
            var stops = ids.Where(id => id >= SpeechTokens.CodebookSize && id < vocabulary && id != SpeechTokens.Start).Distinct().ToArray();
            return stops.Length > 0 ? stops : [SpeechTokens.Stop];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException("The model's generation_config.json is not valid JSON with integer eos_token_id values.", e);
        }
    }
}
