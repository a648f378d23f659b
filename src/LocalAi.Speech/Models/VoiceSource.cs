namespace LocalAi.Speech.Models;

/// <summary>Where the default reference voice is downloaded from.</summary>
/// <param name="Repo">The Hugging Face repository, <c>owner/name</c>.</param>
/// <param name="Revision">The branch, tag or commit.</param>
/// <param name="Path">The file inside the repository.</param>
public sealed record VoiceSource(string Repo, string Revision, string Path)
{
    /// <summary>The MIT-licensed <c>default_voice.wav</c> of <c>onnx-community/chatterbox-ONNX</c>.</summary>
    public static VoiceSource ChatterboxDefault { get; } = new("onnx-community/chatterbox-ONNX", "main", "default_voice.wav");

    /// <summary>The file name the voice is stored under in the cache's voices folder.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);
}
