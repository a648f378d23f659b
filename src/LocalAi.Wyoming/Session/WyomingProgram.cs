using System.Text.Json.Nodes;
using LocalAi.Text;
using LocalAi.Wyoming.Protocol;
using LocalAi.Wyoming.Speech;

namespace LocalAi.Wyoming.Session;

/// <summary>How a service describes itself in <c>info</c>: one <c>tts</c> program with streaming and its voices.</summary>
public sealed record WyomingProgram
{
    /// <summary>The program's name (the service's).</summary>
    public required string Name { get; init; }

    /// <summary>One line about it.</summary>
    public required string Description { get; init; }

    /// <summary>The program's version.</summary>
    public string? Version { get; init; }

    /// <summary>Who made the model.</summary>
    public string AttributionName { get; init; } = "Resemble AI (Chatterbox Turbo)";

    /// <summary>Where the model is described.</summary>
    public string AttributionUrl { get; init; } = "https://github.com/resemble-ai/chatterbox";

    /// <summary>What the served model speaks (Chatterbox Turbo speaks English), for voices that do not say.</summary>
    public IReadOnlyList<string> Languages { get; init; } = ["en"];

    /// <summary>
    /// The language a <c>synthesize</c> event's <c>voice.language</c> asks for, when the model speaks it: Home Assistant
    /// sends a code such as <c>de</c>, <c>de-DE</c> or <c>de_DE</c>, of which the ISO 639-1 part counts. Null (the
    /// service's default) when none is named or the model does not speak it.
    /// </summary>
    public string? LanguageOf(WyomingEvent message)
    {
        if (message.Data["voice"] is not JsonObject voice || voice["language"] is not JsonValue value || !value.TryGetValue(out string? text))
        {
            return null;
        }

        var code = SpeechLanguages.Normalize(text);
        return code is not null && Languages.Contains(code) ? code : null;
    }

    /// <summary>The <c>info</c> event with these voices.</summary>
    public WyomingEvent Info(IReadOnlyList<WyomingVoice> voices)
    {
        var program = Artifact(Name, Description, Version);
        program["voices"] = new JsonArray([.. voices.Select(Voice)]);
        program["supports_synthesize_streaming"] = true;
        var data = new JsonObject { ["tts"] = new JsonArray(program) };
        foreach (var other in new[] { "asr", "handle", "intent", "wake", "mic", "snd" })
        {
            data[other] = new JsonArray();
        }

        return new WyomingEvent(WyomingEventTypes.Info, data);
    }

    private JsonObject Voice(WyomingVoice voice)
    {
        var artifact = Artifact(voice.Name, voice.Description, null);
        artifact["languages"] = new JsonArray([.. (voice.Languages ?? Languages).Select(language => JsonValue.Create(language))]);
        return artifact;
    }

    private JsonObject Artifact(string name, string description, string? version) => new()
    {
        ["name"] = name,
        ["attribution"] = new JsonObject { ["name"] = AttributionName, ["url"] = AttributionUrl },
        ["installed"] = true,
        ["description"] = description,
        ["version"] = version,
    };
}
