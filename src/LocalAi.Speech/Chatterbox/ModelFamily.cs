namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// Which Chatterbox export a model directory holds; the graphs' declared inputs decide it at load time.
/// </summary>
public enum ModelFamily
{
    /// <summary>Chatterbox Turbo: GPT-2 backbone, English, no exaggeration input.</summary>
    Turbo,

    /// <summary>Chatterbox Multilingual: Llama backbone, 23 languages, <c>embed_tokens</c> takes an exaggeration.</summary>
    Multilingual,
}
