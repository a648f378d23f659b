namespace LocalAi.Speech.Voices;

/// <summary>The built-in OpenAI voice names. Clients send them by habit; they select a library voice with that alias, else the default voice.</summary>
public static class OpenAiVoiceNames
{
    /// <summary>The names, lower case.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar"];

    /// <summary>Whether a name is an OpenAI voice (or <c>default</c>), ignoring case.</summary>
    /// <param name="name">A voice name as a client sent it.</param>
    public static bool IsBuiltIn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Equals("default", StringComparison.OrdinalIgnoreCase) || All.Contains(name, StringComparer.OrdinalIgnoreCase);
    }
}
