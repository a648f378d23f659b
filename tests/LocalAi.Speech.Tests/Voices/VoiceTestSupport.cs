using System.Collections.Concurrent;
using LocalAi.Audio;
using LocalAi.Speech.Tests.Support;
using LocalAi.Speech.Voices;
using LocalAi.Testing;

namespace LocalAi.Speech.Tests.Voices;

/// <summary>A library folder in a temporary directory; every instance opened on it reports its warnings here.</summary>
internal sealed class LibraryFolder : IDisposable
{
    private readonly TempFolder _folder = new();

    public string Root => _folder.Path;

    public List<string> Warnings { get; } = [];

    public VoiceLibrary Open(VoiceLibraryOptions? options = null) =>
        new(Root, (options ?? new VoiceLibraryOptions()) with { Warning = Warnings.Add });

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The voice folders (not <c>.tmp</c> or <c>.trash</c>).</summary>
    public string[] VoiceFolders() =>
        [.. Directory.GetDirectories(Root).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal)!];

    public void Dispose() => _folder.Dispose();
}

/// <summary>Uploads made in memory: 24 kHz mono PCM16 WAV of a speech-like signal, different per seed.</summary>
internal static class Uploads
{
    // Synthesising a clip costs more than storing it; tests share the bytes and each get their own stream.
    private static readonly ConcurrentDictionary<(double Seconds, ulong Seed), byte[]> Made = new();

    public static MemoryStream Wav(double seconds, ulong seed = 1) =>
        new(Made.GetOrAdd((seconds, seed), key => WavWriter.ToBytes(new AudioClip(TestClips.Voice(key.Seconds, key.Seed), 1, 24000), WavSampleFormat.Pcm16)), writable: false);
}
