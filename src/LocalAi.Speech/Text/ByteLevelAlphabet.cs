namespace LocalAi.Speech.Text;

/// <summary>
/// GPT-2's reversible byte-to-character table: printable Latin-1 bytes stand for themselves and the other 68
/// bytes are mapped, in order, to U+0100 and up, so that every byte string is a printable string.
/// </summary>
internal static class ByteLevelAlphabet
{
    /// <summary>The character that stands for each byte value.</summary>
    public static readonly char[] ByteToChar = BuildByteToChar();

    private static readonly Dictionary<char, byte> CharToByte =
        Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    /// <summary>The byte a character stands for, or null when it is not part of the alphabet.</summary>
    public static byte? ToByte(char c) => CharToByte.TryGetValue(c, out var b) ? b : null;

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = (char)(printable ? b : next++);
        }

        return map;
    }
}
