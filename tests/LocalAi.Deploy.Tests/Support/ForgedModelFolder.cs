using LocalAi.Audio;
using LocalAi.ModelForge;

namespace LocalAi.Deploy.Tests.Support;

/// <summary>
/// A tiny forged model and a reference voice in a temporary folder the container's app user (uid 10001) can read:
/// <c>model/</c> and <c>voice.wav</c>, mounted read-only.
/// </summary>
internal sealed class ForgedModelFolder : IDisposable
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Traversable = Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public ForgedModelFolder()
    {
        Root = Directory.CreateTempSubdirectory("localai-deploy-").FullName;
        Forge.Write(new ForgeOptions { OutputDirectory = Path.Combine(Root, "model") });
        WavWriter.WriteFile(Path.Combine(Root, "voice.wav"), new AudioClip(Tone(seconds: 6), 1, 24000), WavSampleFormat.Pcm16);

        // The temporary folder is private to its owner; the container reads it as another user. (Windows hosts share
        // folders into Docker Desktop's VM with their own permissions.)
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Root, Traversable);
            foreach (var entry in Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(entry, Directory.Exists(entry) ? Traversable : Readable);
            }
        }
    }

    public string Root { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static float[] Tone(double seconds)
    {
        var samples = new float[(int)(seconds * 24000)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / 24000.0;
            samples[i] = (float)((0.2 * Math.Sin(2 * Math.PI * 180 * t)) + (0.1 * Math.Sin(2 * Math.PI * 530 * t * (1 + (0.1 * Math.Sin(t))))));
        }

        return samples;
    }
}
