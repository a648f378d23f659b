using System.Text;
using System.Text.Json;

namespace LocalAi.Speech.Text;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> byte-level BPE tokenizer (the GPT-2 family, including Chatterbox
/// Turbo's) that encodes exactly like the Rust <c>tokenizers</c> library: added tokens are cut out of the raw text
/// first (with their <c>lstrip</c>, <c>rstrip</c>, <c>single_word</c> and <c>normalized</c> flags), the rest is
/// normalized, pre-tokenized and merged, and the post-processor's template adds the special tokens.
/// </summary>
/// <remarks>
/// Loading fails with <see cref="NotSupportedException"/> naming any component type that is not implemented, and
/// with <see cref="InvalidDataException"/> for a malformed file. Instances are immutable and thread-safe.
/// </remarks>
public sealed class BpeTokenizer
{
    private static readonly JsonElement JsonNull = JsonDocument.Parse("null").RootElement.Clone();

    private readonly AddedVocabulary addedVocabulary;
    private readonly PreTokenizerPipeline preTokenizer;
    private readonly BpeModel model;
    private readonly PostProcessor postProcessor;
    private readonly Truncation? truncation;
    private readonly Dictionary<string, int> addedIds;
    private readonly Dictionary<int, string> tokensById;
    private readonly HashSet<int> specialIds;
    private readonly bool byteLevelDecoder;

    private BpeTokenizer(JsonElement root)
    {
        var normalizer = TextNormalizer.FromJson(Node(root, "normalizer"));
        model = BpeModelReader.Read(TokenizerJson.Required(root, "model", "tokenizer.json"));
        preTokenizer = PreTokenizerPipeline.FromJson(Node(root, "pre_tokenizer"));
        postProcessor = PostProcessor.FromJson(Node(root, "post_processor"));
        byteLevelDecoder = ReadDecoder(Node(root, "decoder"));
        truncation = Truncation.FromJson(root);
        RejectPadding(root);

        var addedTokens = ReadAddedTokens(root);
        addedVocabulary = new AddedVocabulary(addedTokens, normalizer);
        addedIds = addedTokens.ToDictionary(t => t.Content, t => t.Id, StringComparer.Ordinal);
        specialIds = addedTokens.Where(t => t.Special).Select(t => t.Id).ToHashSet();
        tokensById = model.Vocab.ToDictionary(pair => pair.Value, pair => pair.Key);
        foreach (var token in addedTokens)
        {
            tokensById[token.Id] = token.Content;
        }

        VocabSize = model.Vocab.Keys.Union(addedIds.Keys, StringComparer.Ordinal).Count();
    }

    /// <summary>Number of distinct tokens, added tokens included (50 276 for Chatterbox Turbo).</summary>
    public int VocabSize { get; }

    /// <summary>Reads a <c>tokenizer.json</c> file.</summary>
    /// <param name="path">Path of the file.</param>
    /// <returns>The tokenizer the file describes.</returns>
    /// <exception cref="InvalidDataException">The file is not valid JSON (a cut-off download; the message names the file) or not a tokenizer.</exception>
    public static BpeTokenizer Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (InvalidDataException e) when (e.InnerException is JsonException json)
        {
            // Parse names no file; a file on disk that is not JSON is most likely a download cut short.
            throw new InvalidDataException(
                $"{Path.GetFileName(path)} is not valid JSON ({json.Message.Split(" Path:")[0]}); it may be cut short: download it again with `localai models pull chatterbox-turbo`.", json);
        }
    }

    /// <summary>Reads the text of a <c>tokenizer.json</c>.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The tokenizer the document describes.</returns>
    public static BpeTokenizer Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"tokenizer.json is not valid JSON (cut short or damaged?): {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return new BpeTokenizer(document.RootElement);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                // JsonElement's refusal of a value of the wrong kind (a string where the file needs a number), or two
                // entries with the same id or content where the file needs them unique.
                throw new InvalidDataException($"tokenizer.json has a value of the wrong type or a repeated entry: {e.Message}", e);
            }
        }
    }

    /// <summary>The id of a token (added tokens first, then the model vocab), or null when there is none.</summary>
    /// <param name="token">The token as it appears in the file (byte-level spelling for vocab tokens).</param>
    /// <returns>The id, or null.</returns>
    public int? TokenToId(string token) =>
        addedIds.TryGetValue(token, out var added) ? added
        : model.Vocab.TryGetValue(token, out var id) ? id
        : null;

    /// <summary>The token an id stands for, or null when the id is unknown.</summary>
    /// <param name="id">The token id.</param>
    /// <returns>The token, or null.</returns>
    public string? IdToToken(int id) => tokensById.GetValueOrDefault(id);

    /// <summary>Encodes <paramref name="text"/> to token ids like HF <c>tokenizer.encode(text, add_special_tokens)</c>.</summary>
    /// <param name="text">The text, already normalized by <see cref="PunctuationNormalizer"/> when it is speech input.</param>
    /// <param name="addSpecialTokens">Apply the post-processor (Chatterbox Turbo: append two <c>&lt;|endoftext|&gt;</c>).</param>
    /// <returns>The ids.</returns>
    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        var preTokens = new List<string>();
        foreach (var segment in addedVocabulary.Split(ReplaceLoneSurrogates(text)))
        {
            if (segment.TokenId is { } tokenId)
            {
                ids.Add(tokenId);
                continue;
            }

            preTokens.Clear();
            preTokenizer.PreTokenize(segment.Text, preTokens);
            foreach (var preToken in preTokens)
            {
                model.Tokenize(preToken, ids);
            }
        }

        truncation?.Apply(ids, addSpecialTokens ? postProcessor.AddedCount : 0);
        return addSpecialTokens ? [.. postProcessor.Apply(ids)] : [.. ids];
    }

    /// <summary>Turns ids back into text (for traces and debugging), like HF <c>decode</c>.</summary>
    /// <param name="ids">Token ids; unknown ids are skipped.</param>
    /// <param name="skipSpecialTokens">Leave out special added tokens such as <c>&lt;|endoftext|&gt;</c>.</param>
    /// <returns>The decoded text; invalid UTF-8 becomes U+FFFD.</returns>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = ids
            .Where(id => !(skipSpecialTokens && specialIds.Contains(id)))
            .Select(IdToToken)
            .OfType<string>();
        if (!byteLevelDecoder)
        {
            return string.Join(' ', tokens);
        }

        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            AppendTokenBytes(token, bytes);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    // A token spelled in the byte alphabet gives its bytes; any other token (an added tag with a plain space,
    // say) gives its own UTF-8, as HF's ByteLevel decoder does.
    private static void AppendTokenBytes(string token, List<byte> bytes)
    {
        var start = bytes.Count;
        foreach (var c in token)
        {
            if (ByteLevelAlphabet.ToByte(c) is not { } b)
            {
                bytes.RemoveRange(start, bytes.Count - start);
                bytes.AddRange(Encoding.UTF8.GetBytes(token));
                return;
            }

            bytes.Add(b);
        }
    }

    // The Rust library only ever sees valid UTF-8; a lone surrogate reaches it as U+FFFD.
    private static string ReplaceLoneSurrogates(string text) =>
        text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0
            ? text
            : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    // A missing component reads as JSON null, as serde's defaults do.
    private static JsonElement Node(JsonElement root, string name) =>
        root.TryGetProperty(name, out var node) ? node : JsonNull;

    private static bool ReadDecoder(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        var type = TokenizerJson.TypeOf(node, "decoder");
        return type == "ByteLevel" ? true : throw TokenizerJson.Unsupported("decoder", type);
    }

    private static void RejectPadding(JsonElement root)
    {
        if (!root.TryGetProperty("padding", out var padding) || padding.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        // Padding to the longest of a batch of one is a no-op; anything else would change single encodings.
        var batchLongest = padding.TryGetProperty("strategy", out var strategy)
            && strategy.ValueKind == JsonValueKind.String && strategy.GetString() == "BatchLongest"
            && (!padding.TryGetProperty("pad_to_multiple_of", out var multiple) || multiple.ValueKind == JsonValueKind.Null);
        if (!batchLongest)
        {
            throw new NotSupportedException($"tokenizer.json: padding {padding.GetRawText()} is not supported.");
        }
    }

    private List<AddedToken> ReadAddedTokens(JsonElement root)
    {
        var tokens = new List<AddedToken>();
        if (!root.TryGetProperty("added_tokens", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return tokens;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in array.EnumerateArray())
        {
            var content = TokenizerJson.Required(entry, "content", "added token").GetString()
                ?? throw new InvalidDataException("tokenizer.json: an added token's \"content\" is null.");
            if (content.Length == 0 || !seen.Add(content))
            {
                continue;
            }

            // HF resolves an added token that is also in the model vocab to the vocab's id.
            var id = model.Vocab.TryGetValue(content, out var vocabId)
                ? vocabId
                : TokenizerJson.Required(entry, "id", "added token").GetInt32();
            tokens.Add(new AddedToken(
                id,
                content,
                TokenizerJson.Flag(entry, "single_word"),
                TokenizerJson.Flag(entry, "lstrip"),
                TokenizerJson.Flag(entry, "rstrip"),
                TokenizerJson.Flag(entry, "normalized", defaultValue: true),
                TokenizerJson.Flag(entry, "special")));
        }

        return tokens;
    }
}
