namespace LocalAi.Speech.Text;

/// <summary>A piece of the input: either an added token already resolved to its id, or text still to tokenize.</summary>
/// <param name="Text">The text of the piece (for a token: the matched text, stripped whitespace included).</param>
/// <param name="TokenId">The added token's id, or null for plain text.</param>
internal readonly record struct TextSegment(string Text, int? TokenId);
