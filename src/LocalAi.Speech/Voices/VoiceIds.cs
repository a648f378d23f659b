using System.Security.Cryptography;

namespace LocalAi.Speech.Voices;

/// <summary>
/// Voice ids: <c>voice_</c> and 16 lower-case hex digits of a random value. They are the only part of a voice that
/// becomes a path, and they never come from user text.
/// </summary>
internal static class VoiceIds
{
    private const string Prefix = "voice_";
    private const int HexDigits = 16;

    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(HexDigits / 2));

    public static bool IsWellFormed(string id) =>
        id.Length == Prefix.Length + HexDigits
        && id.StartsWith(Prefix, StringComparison.Ordinal)
        && !id.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef");
}
