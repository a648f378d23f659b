using LocalAi.Testing;
using System.Buffers.Binary;

namespace LocalAi.Manager.Tests.Docker;

/// <summary>
/// Made once for every Docker backend test, as LocalAi.Deploy.Tests does it: the tts-server image that
/// <c>deploy/build-tts-server.sh --local</c> builds (under a tag of its own, removed afterwards), and a folder with a
/// tiny forged model (<c>model/</c>) and a reference voice (<c>voice.wav</c>) for containers to mount read-only.
/// </summary>
public sealed class TtsServerImage : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);
    private const int SampleRate = 24000;
    private string? tag;

    /// <summary>The built image's tag.</summary>
    public string Tag => tag ?? throw new InvalidOperationException(
        "No Docker engine answers (docker info failed), so no image was built. Install docker.io and start dockerd.");

    /// <summary>The folder with <c>model/</c> and <c>voice.wav</c>.</summary>
    public string ModelsFolder { get; } = Directory.CreateTempSubdirectory("localai-manager-docker-").FullName;

    /// <summary>The environment that points the tts-server in the image at the mounted model and voice.</summary>
    public static IReadOnlyDictionary<string, string> ServerEnvironment { get; } = new Dictionary<string, string>
    {
        ["LOCALAI__TTSSERVER__MODELDIRECTORY"] = "/models/model",
        ["LOCALAI__TTSSERVER__DTYPE"] = "fp32",
        ["LOCALAI__TTSSERVER__DEFAULTVOICE"] = "/models/voice.wav",
    };

    public async Task InitializeAsync()
    {
        if (!DockerCli.IsAvailable)
        {
            return;
        }

        var candidate = $"localai-manager-test:{Guid.NewGuid():N}";
        // The forge runs as a command because this test project does not reference it; its own artifacts folder keeps
        // its build apart from the solution's.
        var forge = ProcessRunner.CheckedAsync(
            "dotnet",
            ["run", "--project", "tools/ModelForge/ModelForge.csproj", "-c", "Release", "--artifacts-path", ".artifacts/manager-tests/forge",
             "--", "--profile", "tiny", "--dtype", "fp32", "--out", Path.Combine(ModelsFolder, "model")],
            BuildTimeout);
        var build = ProcessRunner.CheckedAsync(
            "bash", [Path.Combine(RepositoryRoot.Path, "deploy/build-tts-server.sh"), "--local", "--tag", candidate], BuildTimeout);
        await Task.WhenAll(forge, build);
        tag = candidate;

        WriteVoice(Path.Combine(ModelsFolder, "voice.wav"), seconds: 6);
        MakeReadableByAnyone(ModelsFolder);
    }

    public async Task DisposeAsync()
    {
        if (tag is not null)
        {
            await DockerCli.TryAsync("rmi", "--force", tag);
        }

        Directory.Delete(ModelsFolder, recursive: true);
    }

    // A 16-bit mono tone, long enough for the server's reference-voice checks.
    private static void WriteVoice(string path, double seconds)
    {
        var samples = (int)(seconds * SampleRate);
        var wav = new byte[44 + (samples * 2)];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), wav.Length - 8);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), samples * 2);
        for (var i = 0; i < samples; i++)
        {
            var t = i / (double)SampleRate;
            var value = (0.2 * Math.Sin(2 * Math.PI * 180 * t)) + (0.1 * Math.Sin(2 * Math.PI * 530 * t * (1 + (0.1 * Math.Sin(t)))));
            BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(44 + (i * 2)), (short)(value * short.MaxValue));
        }

        File.WriteAllBytes(path, wav);
    }

    // The temporary folder is private to its owner; the container reads it as its app user (uid 10001).
    private static void MakeReadableByAnyone(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode traversable = readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(root, traversable);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(entry, Directory.Exists(entry) ? traversable : readable);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TtsServerImageCollection : ICollectionFixture<TtsServerImage>
{
    public const string Name = "docker backend with the tts-server image";
}
