using System.Buffers;
using System.Security.Cryptography;

namespace LocalAi.Speech.Voices;

/// <summary>
/// Voice ids: <c>voice_</c> and 16 lower-case hex digits of a random value. They are the only part of a voice that
/// becomes a path, and only well-formed ones are accepted from clients (a voice copied between servers keeps its id).
/// </summary>
public static class VoiceIds
{
    private const string Prefix = "voice_";
    private const int HexDigits = 16;
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>A new random id.</summary>
    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(HexDigits / 2));

    /// <summary>Whether <paramref name="id"/> has the form of a generated id (a copied voice keeps its id, so ids also arrive from clients).</summary>
    public static bool IsWellFormed(string id) =>
        id.Length == Prefix.Length + HexDigits
        && id.StartsWith(Prefix, StringComparison.Ordinal)
        && !id.AsSpan(Prefix.Length).ContainsAnyExcept(LowerHex);
}
