namespace LocalAi.ModelForge;

/// <summary>Where the forge gets its <c>tokenizer.json</c> writer from.</summary>
public static class TokenizerJson
{
    /// <summary>
    /// The writer every forge uses unless its options say otherwise.
    /// INTEGRATION: set this to <c>LocalAi.ModelForge.Tokenizer.Gpt2TokenizerJson.Write</c> once that class is merged;
    /// until then forged directories have no tokenizer.json.
    /// </summary>
    public static Action<string>? DefaultWriter => null;
}
