namespace LocalAi.ModelForge;

/// <summary>Which Chatterbox export a forged model imitates. Duplicated from the engine's <c>ModelFamily</c> on purpose.</summary>
public enum ForgeFamily
{
    /// <summary>Chatterbox Turbo: GPT-2 backbone with learned positions, <c>embed_tokens(input_ids)</c>.</summary>
    Turbo,

    /// <summary>
    /// Chatterbox Multilingual: Llama backbone (RoPE, no <c>position_ids</c> input),
    /// <c>embed_tokens(input_ids, position_ids, exaggeration)</c>, a 33-row conditioning and <c>generation_config.json</c>.
    /// </summary>
    Multilingual,
}
