using System.Buffers;
using System.Text;

namespace LocalAi.Speech.Text;

/// <summary>
/// The <c>ByteLevel</c> pre-tokenizer: optionally prefixes a space, splits with the GPT-2 pattern, then spells
/// each piece's UTF-8 bytes in the <see cref="ByteLevelAlphabet"/>.
/// </summary>
/// <param name="AddPrefixSpace">Prefix a space to every piece that does not start with one.</param>
/// <param name="UseRegex">Split with the GPT-2 pattern; otherwise the piece stays whole.</param>
internal sealed record ByteLevelPreTokenizer(bool AddPrefixSpace, bool UseRegex) : IPreTokenizerStep
{
    /// <summary>Appends the byte-level pre-tokens of <paramref name="piece"/> to <paramref name="output"/>.</summary>
    public void PreTokenize(string piece, List<string> output)
    {
        if (AddPrefixSpace && !piece.StartsWith(' '))
        {
            piece = " " + piece;
        }

        if (!UseRegex)
        {
            output.Add(ToByteLevel(piece));
            return;
        }

        var first = output.Count;
        Gpt2PreTokenSplitter.Split(piece, output);
        for (var i = first; i < output.Count; i++)
        {
            output[i] = ToByteLevel(output[i]);
        }
    }

    private static string ToByteLevel(string text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, rented);
            return string.Create(written, rented, static (chars, bytes) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = ByteLevelAlphabet.ByteToChar[bytes[i]];
                }
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
