using System.ComponentModel;
using System.Diagnostics;

namespace LocalAi.Speech.Audio;

/// <summary>
/// Decodes any container or codec ffmpeg understands (mp3, ogg/opus, flac, m4a/aac, webm, ...) by running
/// <c>ffmpeg</c> as a child process. ffmpeg writes 32-bit float WAV to its stdout at the input's own sample rate and
/// channel count; the WAV header carries both, so no separate probe is needed.
/// </summary>
public sealed class FfmpegAudioDecoder
{
    private const int StderrTailChars = 2000;

    private readonly string _executable;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a decoder.</summary>
    /// <param name="executable">The ffmpeg executable: a name looked up on PATH, or a full path.</param>
    /// <param name="timeout">How long one decode may take before ffmpeg is killed; default 60 s.</param>
    public FfmpegAudioDecoder(string executable = "ffmpeg", TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        _executable = executable;
        _timeout = timeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>Decodes a file; ffmpeg reads it directly, so formats that need seeking (mp4 with a trailing index) work.</summary>
    /// <exception cref="FfmpegNotFoundException">ffmpeg is not installed.</exception>
    /// <exception cref="InvalidDataException">The file is not audio ffmpeg can decode.</exception>
    /// <exception cref="TimeoutException">ffmpeg ran longer than the timeout.</exception>
    public Task<AudioClip> DecodeFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Audio file not found: {path}", path);
        }

        return RunAsync(Path.GetFullPath(path), input: null, cancellationToken);
    }

    /// <summary>Decodes encoded audio piped to ffmpeg's stdin.</summary>
    /// <exception cref="FfmpegNotFoundException">ffmpeg is not installed.</exception>
    /// <exception cref="InvalidDataException">The bytes are not audio ffmpeg can decode.</exception>
    /// <exception cref="TimeoutException">ffmpeg ran longer than the timeout.</exception>
    public Task<AudioClip> DecodeAsync(Stream input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunAsync("pipe:0", input, cancellationToken);
    }

    private async Task<AudioClip> RunAsync(string source, Stream? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (input is null)
        {
            // Without this ffmpeg reads stdin for keyboard commands; with pipe:0 the audio itself comes on stdin.
            start.ArgumentList.Add("-nostdin");
        }

        foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-i", source, "-map", "0:a:0", "-vn", "-c:a", "pcm_f32le", "-f", "wav", "pipe:1" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new FfmpegNotFoundException(_executable, e);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var token = timeout.Token;

        // stdin, stdout and stderr are pumped concurrently: ffmpeg blocks on a full pipe, so any sequential order can deadlock.
        var feed = FeedAsync(process, input, token);
        var output = new MemoryStream();
        var read = process.StandardOutput.BaseStream.CopyToAsync(output, token);
        var errors = process.StandardError.ReadToEndAsync(token);
        try
        {
            await Task.WhenAll(feed, read, errors).ConfigureAwait(false);
            await process.WaitForExitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"ffmpeg did not finish decoding within {_timeout.TotalSeconds:0.#} s.");
        }

        if (process.ExitCode != 0 || output.Length == 0)
        {
            var message = Tail((await errors.ConfigureAwait(false)).Trim());
            throw new InvalidDataException($"ffmpeg could not decode the input as audio (exit code {process.ExitCode}): {(message.Length == 0 ? "no audio stream" : message)}");
        }

        var clip = WavReader.Read(output.GetBuffer().AsSpan(0, (int)output.Length));
        return clip.Frames > 0 ? clip : throw new InvalidDataException("ffmpeg decoded the input but it contains no audio samples.");
    }

    private static async Task FeedAsync(Process process, Stream? input, CancellationToken token)
    {
        var stdin = process.StandardInput.BaseStream;
        try
        {
            if (input is not null)
            {
                await input.CopyToAsync(stdin, token).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // ffmpeg closes stdin early when it rejects the input or has read enough; its exit code tells the rest.
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
                // Closing a pipe ffmpeg already closed flushes into a broken pipe; nothing is lost.
            }
        }
    }

    private static string Tail(string text) => text.Length <= StderrTailChars ? text : text[^StderrTailChars..];
}
