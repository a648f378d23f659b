namespace LocalAi.ModelForge;

/// <summary>Where the forge gets its <c>tokenizer.json</c> writer from.</summary>
public static class TokenizerJson
{
    /// <summary>
    /// The Turbo writer: the GPT-2 byte-level BPE vocabulary plus the 19 Chatterbox tags and the
    /// two-<c>&lt;|endoftext|&gt;</c> template, as the real repository ships it.
    /// </summary>
    public static Action<string>? DefaultWriter => Tokenizer.Gpt2TokenizerJson.Write;

    /// <summary>
    /// The writer a family's forge uses unless its options say otherwise: for Multilingual the grapheme tokenizer.json
    /// and, beside it, the <c>Cangjie5_TC.json</c> Chinese needs.
    /// </summary>
    public static Action<string>? WriterFor(ForgeFamily family) =>
        family == ForgeFamily.Multilingual ? path => Tokenizer.MultilingualTokenizerJson.WriteTextFiles(Path.GetDirectoryName(path)!) : DefaultWriter;
}
