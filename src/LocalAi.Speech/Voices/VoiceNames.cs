using System.Globalization;

namespace LocalAi.Speech.Voices;

/// <summary>
/// The rules for voice names and aliases: 1–64 characters, only letters, digits, spaces, <c>-</c>, <c>_</c> and
/// <c>.</c>, no <c>..</c>, not only dots, no space at either end. Names never become paths (ids do), but keeping them
/// plain means they are also safe in URLs, file names and logs.
/// </summary>
public static class VoiceNames
{
    /// <summary>The longest name or alias allowed.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="name"/> is an acceptable name or alias.</summary>
    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>Throws when <paramref name="name"/> is not an acceptable name or alias.</summary>
    /// <param name="name">The name or alias to check.</param>
    /// <param name="role">What the text is, for the message: <c>name</c> or <c>alias</c>.</param>
    /// <exception cref="VoiceLibraryException">With <see cref="VoiceLibraryError.InvalidName"/>, saying what is wrong.</exception>
    public static void Validate(string? name, string role = "name")
    {
        var problem = Problem(name);
        if (problem is not null)
        {
            throw new VoiceLibraryException(VoiceLibraryError.InvalidName, $"The voice {role} {problem}");
        }
    }

    private static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"is empty; give 1–{MaxLength} characters.";
        }

        if (name.Length > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is {name.Length} characters long; at most {MaxLength} are allowed.");
        }

        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c is not (' ' or '-' or '_' or '.'))
            {
                return $"'{name}' contains '{c}' (U+{(int)c:X4}); use only letters, digits, spaces, '-', '_' and '.'.";
            }
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.All(c => c == '.'))
        {
            return $"'{name}' may not contain '..' or consist only of dots.";
        }

        return name[0] == ' ' || name[^1] == ' ' ? $"'{name}' may not start or end with a space." : null;
    }
}
