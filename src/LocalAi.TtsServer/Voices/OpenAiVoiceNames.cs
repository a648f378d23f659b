namespace LocalAi.TtsServer.Voices;

/// <summary>The built-in OpenAI voice names. Clients send them by habit; they select a library voice with that alias, else the default voice.</summary>
internal static class OpenAiVoiceNames
{
    public static IReadOnlyList<string> All { get; } =
        ["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar"];

    /// <summary>Whether a name is an OpenAI voice (or <c>default</c>), ignoring case.</summary>
    public static bool IsBuiltIn(string name) =>
        name.Equals("default", StringComparison.OrdinalIgnoreCase) || All.Contains(name, StringComparer.OrdinalIgnoreCase);
}
