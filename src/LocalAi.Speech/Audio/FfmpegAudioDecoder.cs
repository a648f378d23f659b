using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using LocalAi.Audio;

namespace LocalAi.Speech.Audio;

/// <summary>
/// Decodes any container or codec ffmpeg understands (mp3, ogg/opus, flac, m4a/aac, webm, ...) by running
/// <c>ffmpeg</c> as a child process. ffmpeg downmixes, resamples and cuts on its side, so what comes back is 32-bit
/// float WAV at 24 kHz mono of at most the seconds asked for, and no more bytes than those are read: a small file
/// that unpacks into minutes of many-channel audio costs no memory. The input's own rate and layout are read from
/// ffmpeg's description of the input stream.
/// </summary>
public sealed class FfmpegAudioDecoder
{
    private const int StderrTailChars = 2000;

    private readonly string executable;
    private readonly TimeSpan timeout;

    /// <summary>Creates a decoder.</summary>
    /// <param name="executable">The ffmpeg executable: a name looked up on PATH, or a full path.</param>
    /// <param name="timeout">How long one decode may take before ffmpeg is killed; default 60 s.</param>
    public FfmpegAudioDecoder(string executable = "ffmpeg", TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        this.executable = executable;
        this.timeout = timeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>The sample rate of what ffmpeg hands back.</summary>
    public const int OutputSampleRate = 24_000;

    /// <summary>
    /// Decodes the first <paramref name="maxSeconds"/> of a file to 24 kHz mono; ffmpeg reads it directly, so formats
    /// that need seeking (mp4 with a trailing index) work.
    /// </summary>
    /// <exception cref="FfmpegNotFoundException">ffmpeg is not installed.</exception>
    /// <exception cref="InvalidDataException">The file is not audio ffmpeg can decode.</exception>
    /// <exception cref="TimeoutException">ffmpeg ran longer than the timeout.</exception>
    public Task<AudioClip> DecodeFileAsync(string path, double maxSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Audio file not found: {path}", path);
        }

        return RunAsync(Path.GetFullPath(path), input: null, maxSeconds, cancellationToken);
    }

    /// <summary>Decodes the first <paramref name="maxSeconds"/> of encoded audio piped to ffmpeg's stdin to 24 kHz mono.</summary>
    /// <exception cref="FfmpegNotFoundException">ffmpeg is not installed.</exception>
    /// <exception cref="InvalidDataException">The bytes are not audio ffmpeg can decode.</exception>
    /// <exception cref="TimeoutException">ffmpeg ran longer than the timeout.</exception>
    public Task<AudioClip> DecodeAsync(Stream input, double maxSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunAsync("pipe:0", input, maxSeconds, cancellationToken);
    }

    private async Task<AudioClip> RunAsync(string source, Stream? input, double maxSeconds, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSeconds);
        var start = new ProcessStartInfo(executable)
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

        // Info level describes the input stream (its rate and layout); -nostats keeps the progress lines out.
        // rematrix_maxval 1 scales the downmix so its weights sum to one: stereo becomes the mean of its channels, as
        // librosa's (PyTorch Chatterbox's) mono downmix makes it, not their sum times √½.
        var seconds = maxSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        string[] arguments =
        [
            "-hide_banner", "-nostats", "-loglevel", "info", "-i", source, "-map", "0:a:0", "-vn",
            "-rematrix_maxval", "1", "-ac", "1", "-ar", OutputSampleRate.ToString(CultureInfo.InvariantCulture), "-t", seconds,
            "-c:a", "pcm_f32le", "-f", "wav", "pipe:1",
        ];
        foreach (var argument in arguments)
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
            throw new FfmpegNotFoundException(executable, e);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(this.timeout);
        var token = timeout.Token;

        // stdin, stdout and stderr are pumped concurrently: ffmpeg blocks on a full pipe, so any sequential order can deadlock.
        var feed = FeedAsync(process, input, token);
        var output = new MemoryStream();
        var read = ReadBoundedAsync(process.StandardOutput.BaseStream, output, OutputBytesFor(maxSeconds), token);
        var errors = process.StandardError.ReadToEndAsync(token);
        try
        {
            await Task.WhenAll(feed, read, errors).ConfigureAwait(false);
            await process.WaitForExitAsync(token).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"ffmpeg did not finish decoding within {this.timeout.TotalSeconds:0.#} s.");
        }

        if (process.ExitCode != 0 || output.Length == 0)
        {
            // ffmpeg names a file input by its path; the message names the file only, never where the server keeps it.
            var message = Tail((await errors.ConfigureAwait(false)).Replace(source, Path.GetFileName(source), StringComparison.Ordinal).Trim());
            throw new InvalidDataException($"ffmpeg could not decode the input as audio (exit code {process.ExitCode}): {(message.Length == 0 ? "no audio stream" : message)}");
        }

        var decoded = WavReader.Read(output.GetBuffer().AsSpan(0, (int)output.Length), maxSeconds);
        if (decoded.Frames == 0)
        {
            throw new InvalidDataException("ffmpeg decoded the input but it contains no audio samples.");
        }

        return new AudioClip(decoded.Samples, decoded.Channels, decoded.SampleRate) { Source = FfmpegInputDescription.AudioFormat(await errors.ConfigureAwait(false)) };
    }

    // The WAV header, a little slack for a final partial block, and the samples of maxSeconds of 24 kHz mono float.
    private static long OutputBytesFor(double maxSeconds) => 4096 + ((long)Math.Ceiling(maxSeconds * OutputSampleRate) * sizeof(float));

    private static async Task ReadBoundedAsync(Stream stdout, MemoryStream output, long limit, CancellationToken token)
    {
        var buffer = new byte[81_920];
        int read;
        while ((read = await stdout.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
        {
            if (output.Length + read > limit)
            {
                throw new InvalidDataException($"ffmpeg produced more than the {limit} bytes the audio may decode to.");
            }

            output.Write(buffer, 0, read);
        }
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
