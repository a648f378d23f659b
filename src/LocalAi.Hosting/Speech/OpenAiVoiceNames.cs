namespace LocalAi.Hosting.Speech;

/// <summary>The built-in OpenAI voice names. Clients send them by habit; they select a library voice with that alias, else the default voice.</summary>
public static class OpenAiVoiceNames
{
    /// <summary>OpenAI's voice names, lower case, in its order.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar"];

    /// <summary>The name that always selects the default voice.</summary>
    public const string Default = "default";

    /// <summary>Whether a name is an OpenAI voice (or <c>default</c>), ignoring case.</summary>
    /// <param name="name">A voice name as a client sent it.</param>
    public static bool IsBuiltIn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Equals(Default, StringComparison.OrdinalIgnoreCase) || All.Contains(name, StringComparer.OrdinalIgnoreCase);
    }
}
