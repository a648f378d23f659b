namespace LocalAi.Speech.Text;

/// <summary>One pre-tokenizer of a <c>tokenizer.json</c>: it cuts a piece of text into pre-tokens.</summary>
internal interface IPreTokenizerStep
{
    /// <summary>Appends the pre-tokens of <paramref name="piece"/> to <paramref name="output"/>.</summary>
    void PreTokenize(string piece, List<string> output);
}
