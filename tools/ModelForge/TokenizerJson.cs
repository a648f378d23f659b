namespace LocalAi.ModelForge;

/// <summary>Where the forge gets its <c>tokenizer.json</c> writer from.</summary>
public static class TokenizerJson
{
    /// <summary>
    /// The writer every forge uses unless its options say otherwise: the GPT-2 byte-level BPE vocabulary plus the
    /// 19 Chatterbox tags and the two-<c>&lt;|endoftext|&gt;</c> template, as the real repository ships it.
    /// </summary>
    public static Action<string>? DefaultWriter => Tokenizer.Gpt2TokenizerJson.Write;
}
