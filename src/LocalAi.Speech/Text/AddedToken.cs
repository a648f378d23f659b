namespace LocalAi.Speech.Text;

/// <summary>One entry of <c>added_tokens[]</c> in a Hugging Face <c>tokenizer.json</c>.</summary>
/// <param name="Id">The token id.</param>
/// <param name="Content">The literal text that stands for the token.</param>
/// <param name="SingleWord">Only match when not glued to a word character on either side.</param>
/// <param name="LStrip">The match absorbs the whitespace on its left.</param>
/// <param name="RStrip">The match absorbs the whitespace on its right.</param>
/// <param name="Normalized">Match against the normalized text rather than the raw text.</param>
/// <param name="Special">A special token: dropped by a decode that skips special tokens.</param>
internal sealed record AddedToken(
    int Id, string Content, bool SingleWord, bool LStrip, bool RStrip, bool Normalized, bool Special);
