using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LocalAi.Audio.Encoding;

/// <summary>
/// Encodes through one long-lived ffmpeg child process per response: raw float samples go to its stdin as they
/// arrive, and a pump copies its stdout to the output as the muxer produces it, so the response is one container
/// that starts playing before synthesis ends.
/// </summary>
internal sealed class FfmpegStreamEncoder : IAudioStreamEncoder
{
    private const int SamplesPerWrite = 16384;
    private const int PumpBufferBytes = 16384;
    private const int StderrTailChars = 2000;

    private readonly AudioFormat format;
    private readonly Process process;
    private readonly Stream stdin;
    private readonly CancellationTokenSource abandon = new();
    private readonly Task pump;
    private readonly Task<string> stderr;
    private readonly EncoderLifecycle lifecycle = new();
    private volatile Exception? outputError;

    private FfmpegStreamEncoder(AudioFormat format, Process process, Stream output, byte[]? header)
    {
        this.format = format;
        this.process = process;
        this.stdin = process.StandardInput.BaseStream;
        // stdin, stdout and stderr move independently: ffmpeg blocks on any full pipe, so a sequential order could deadlock.
        this.stderr = process.StandardError.ReadToEndAsync(abandon.Token);
        pump = Task.Run(() => PumpAsync(process.StandardOutput.BaseStream, output, header, abandon.Token));
    }

    /// <summary>Starts ffmpeg; its output (after <paramref name="header"/>, if any) flows to <paramref name="output"/> from now on.</summary>
    /// <exception cref="FfmpegNotFoundException">The executable could not be started.</exception>
    public static FfmpegStreamEncoder Start(AudioFormat format, Stream output, AudioEncodingOptions options, byte[]? header)
    {
        var start = new ProcessStartInfo(options.FfmpegExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in FfmpegArguments.For(format, options.SampleRate, options.Speed))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new FfmpegNotFoundException(options.FfmpegExecutable, e, "encode mp3, opus, aac and flac, and to change the speed");
        }

        return new FfmpegStreamEncoder(format, process, output, header);
    }

    /// <summary>The ffmpeg process id, so that tests can see it is gone after disposal.</summary>
    internal int ProcessId => process.Id;

    public async ValueTask WriteAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken = default)
    {
        lifecycle.EnsureWritable();
        cancellationToken.ThrowIfCancellationRequested();
        if (samples.IsEmpty)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(sizeof(float) * Math.Min(samples.Length, SamplesPerWrite));
        try
        {
            while (!samples.IsEmpty)
            {
                var count = Math.Min(samples.Length, SamplesPerWrite);
                MemoryMarshal.AsBytes(samples.Span[..count]).CopyTo(buffer);
                await this.stdin.WriteAsync(buffer.AsMemory(0, sizeof(float) * count), cancellationToken).ConfigureAwait(false);
                samples = samples[count..];
            }
        }
        catch (OperationCanceledException)
        {
            lifecycle.MarkBroken();
            throw;
        }
        catch (IOException e)
        {
            // ffmpeg closed its stdin: it failed, or the pump killed it because the output refused the bytes.
            lifecycle.MarkBroken();
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw await FailureAsync(e).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        lifecycle.BeginCompletion();
        try
        {
            await CloseStdinAsync().ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await pump.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        if (outputError is not null || process.ExitCode != 0)
        {
            throw await FailureAsync(null).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!lifecycle.BeginDisposal())
        {
            return;
        }

        // Without a completed stream (the client went away) the rest of the audio is unwanted: stop encoding at once.
        Kill();
        await abandon.CancelAsync().ConfigureAwait(false);
        // Waiting reaps the child, so no zombie is left; the pump and the stderr reader end with its pipes.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await this.pump.ConfigureAwait(false);
        await ((Task)this.stderr).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await CloseStdinAsync().ConfigureAwait(false);
        process.Dispose();
        abandon.Dispose();
    }

    private async Task PumpAsync(Stream stdout, Stream output, byte[]? header, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PumpBufferBytes);
        try
        {
            if (header is not null)
            {
                await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            }

            int read;
            while ((read = await stdout.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed: nobody wants the rest.
        }
        catch (Exception e)
        {
            // Whatever the output throws (a reset connection, a closed stream) is reported to the writer, not lost on this task.
            outputError = e;
            // Encoding on is pointless; a dead ffmpeg makes the next write fail instead of filling the pipe and hanging.
            Kill();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<AudioEncodingException> FailureAsync(IOException? pipeError)
    {
        if (outputError is not null)
        {
            return new AudioEncodingException($"The encoded {format.Name()} audio could not be written to the output: {outputError.Message}", outputError);
        }

        var stderr = (await this.stderr.ConfigureAwait(false)).Trim();
        var tail = stderr.Length <= StderrTailChars ? stderr : stderr[^StderrTailChars..];
        return new AudioEncodingException(
            $"ffmpeg failed to encode {format.Name()} (exit code {process.ExitCode}): {(tail.Length == 0 ? "no error message" : tail)}",
            pipeError);
    }

    private async ValueTask CloseStdinAsync()
    {
        try
        {
            await stdin.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // ffmpeg already closed its end; its exit code says why.
        }
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
