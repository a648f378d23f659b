using LocalAi.Audio;
using LocalAi.ModelForge;
using LocalAi.Speech.Tests.Support;

namespace LocalAi.Cli.Tests;

/// <summary>
/// One forged model (fp32 for exact comparisons, q4 for the CPU default) and one 7.5 s float32 voice WAV, shared by
/// every <c>say</c> test.
/// </summary>
public sealed class SayModel : IDisposable
{
    public SayModel()
    {
        Root = Path.Combine(Path.GetTempPath(), "localai-say-" + Guid.NewGuid().ToString("N"));
        Directory = Path.Combine(Root, "model");
        Forge.Write(new ForgeOptions { OutputDirectory = Directory, DTypes = [ForgeDType.Fp32, ForgeDType.Q4] });
        VoiceClip = TestClips.Voice(7.5, 71);
        VoiceFile = Path.Combine(Root, "voice.wav");
        WavWriter.WriteFile(VoiceFile, new AudioClip(VoiceClip, 1, 24000), WavSampleFormat.Float32);
    }

    public string Root { get; }

    /// <summary>The model directory, for <c>--model-dir</c>.</summary>
    public string Directory { get; }

    /// <summary>The voice's samples, exactly as written to <see cref="VoiceFile"/>.</summary>
    public float[] VoiceClip { get; }

    /// <summary>A 24 kHz mono float32 WAV of <see cref="VoiceClip"/>.</summary>
    public string VoiceFile { get; }

    public void Dispose() => System.IO.Directory.Delete(Root, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class SayModelCollection : ICollectionFixture<SayModel>
{
    // One collection also keeps the say tests sequential, so the one that swaps standard input runs alone.
    public const string Name = "say model";
}
