using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LocalAi.Audio.Encoding;
using LocalAi.Hosting.Errors;
using LocalAi.Hosting.Streams;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Streaming;
using LocalAi.TtsServer.Metrics;
using LocalAi.TtsServer.Status;
using LocalAi.TtsServer.Voices;
using Microsoft.AspNetCore.Http.Features;

namespace LocalAi.TtsServer.Speech;

/// <summary>
/// Speaks one request into the response as the audio is made. The engine's <see cref="SpeechStream"/> (its own
/// thread, chunking, crossfade, in-sentence streaming) hands crossfaded samples to the request, which feeds ONE
/// encoder whose bytes go straight out (chunked, unbuffered). The first sentence is synthesized alone, so audio starts early.
/// The response starts with the first audio, so a failure before it is still a proper error; a client that leaves
/// cancels the engine, and so does one that stops reading (no write may wait longer than the stall limit).
/// </summary>
internal sealed class SpeechStreamer(
    SpeechSynthesizer synthesizer, TtsMetrics metrics, string modelId, string modelVersion, int maxChunkCharacters, InSentenceStreaming inSentence, TimeSpan responseStall)
{
    public async Task StreamAsync(HttpContext context, ValidatedSpeechRequest speech, ResolvedVoice resolved, SpeechConditioning voice, long requestStartedAt, TrackedRequest tracked)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var tally = new GenerationTally();
        var clock = Stopwatch.StartNew();
        var options = new SynthesisOptions { Generation = speech.Generation, MaxChunkCharacters = maxChunkCharacters, FirstSentenceAlone = true };
        var stream = synthesizer.StartStream(speech.Input, voice, options, inSentence, stop.Token);

        metrics.Running.Inc();
        IAudioStreamEncoder? encoder = null;
        // A client that stops reading is dropped once a write waits longer than the stall limit; the abort cancels the generation.
        var body = new WriteDeadlineStream(context.Response.Body, responseStall, context.Abort);
        var events = speech.Sse ? new SseAudioStream(body) : null;
        var output = new HeldBackStream(events ?? (Stream)body);
        var outcome = "failed";
        try
        {
            // Started now, so an encoder process's start-up overlaps the first sentence; its bytes wait in `output`.
            encoder = AudioStreamEncoder.Create(speech.Format, output, new AudioEncodingOptions { SampleRate = SpeechTokens.SampleRate, Speed = speech.Speed });
            var started = false;
            await foreach (var audio in stream.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (audio.Completed is { } chunk)
                {
                    tally.Add(chunk);
                }

                if (audio.Samples.Length == 0)
                {
                    continue;
                }

                if (!started)
                {
                    await StartAsync(context, speech, resolved, requestStartedAt, output, stop.Token).ConfigureAwait(false);
                    tracked.FirstAudio();
                    started = true;
                }

                await encoder.WriteAsync(audio.Samples, stop.Token).ConfigureAwait(false);
            }

            if (!started)
            {
                await StartAsync(context, speech, resolved, requestStartedAt, output, stop.Token).ConfigureAwait(false);
                tracked.FirstAudio();
            }

            await encoder.CompleteAsync(stop.Token).ConfigureAwait(false);
            var generationSeconds = clock.Elapsed.TotalSeconds;
            if (events is not null)
            {
                await events.WriteEventAsync(DoneEvent(tally, generationSeconds), stop.Token).ConfigureAwait(false);
            }

            AppendTrailers(context.Response, tally.AudioSeconds, generationSeconds);
            Observe(tally.AudioSeconds, generationSeconds);
            tracked.Completed(generationSeconds, tally.AudioSeconds);
            outcome = "completed";
        }
        catch (Exception e) when ((context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException) || e is ResponseStalledException)
        {
            outcome = "cancelled";
        }
        catch (TokenBudgetException e) when (!context.Response.HasStarted)
        {
            throw OpenAiErrors.BadRequest($"Invalid 'max_new_tokens': {e.Reason}", "max_new_tokens", "invalid_value");
        }
        catch (Exception e) when (e is not OpenAiException && !context.Response.HasStarted)
        {
            throw OpenAiErrors.ServerError($"Speech generation failed: {e.Message}", e);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            if (encoder is not null)
            {
                await encoder.DisposeAsync().ConfigureAwait(false);
            }

            if (events is not null)
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }

            await output.DisposeAsync().ConfigureAwait(false);
            metrics.Running.Dec();
            metrics.Generations.WithLabels(outcome).Inc();
        }
    }

    private async Task StartAsync(HttpContext context, ValidatedSpeechRequest speech, ResolvedVoice voice, long requestStartedAt, HeldBackStream output, CancellationToken cancellationToken)
    {
        var response = context.Response;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = speech.Sse ? "text/event-stream" : speech.Format.ContentType();
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers["X-Model"] = modelId;
        response.Headers["X-Model-Version"] = modelVersion;
        response.Headers["X-Voice"] = voice.Name;
        if (voice.ClipSha256 is { } clipSha256)
        {
            response.Headers["X-Voice-Clip-Sha256"] = clipSha256;
        }
        response.Headers["X-Seed"] = speech.Generation.Seed!.Value.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Response-Format"] = speech.Format.Name();
        if (speech.InstructionsGiven)
        {
            response.Headers["X-Instructions-Applied"] = "false";
        }

        if (response.SupportsTrailers())
        {
            response.DeclareTrailer("X-Audio-Duration");
            response.DeclareTrailer("X-Generation-Time");
        }

        metrics.TimeToFirstAudioSeconds.Observe(Stopwatch.GetElapsedTime(requestStartedAt).TotalSeconds);
        await output.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AppendTrailers(HttpResponse response, double audioSeconds, double generationSeconds)
    {
        if (response.SupportsTrailers())
        {
            response.AppendTrailer("X-Audio-Duration", audioSeconds.ToString("F3", CultureInfo.InvariantCulture));
            response.AppendTrailer("X-Generation-Time", generationSeconds.ToString("F3", CultureInfo.InvariantCulture));
        }
    }

    private void Observe(double audioSeconds, double generationSeconds)
    {
        metrics.GenerationSeconds.Observe(generationSeconds);
        metrics.AudioSeconds.Inc(audioSeconds);
        if (audioSeconds > 0)
        {
            metrics.RealTimeFactor.Observe(generationSeconds / audioSeconds);
        }
    }

    private static string DoneEvent(GenerationTally tally, double generationSeconds) => JsonSerializer.Serialize(new
    {
        type = "speech.audio.done",
        usage = new { input_tokens = tally.InputTokens, output_tokens = tally.OutputTokens, total_tokens = tally.InputTokens + tally.OutputTokens },
        audio_duration = Math.Round(tally.AudioSeconds, 3),
        generation_time = Math.Round(generationSeconds, 3),
    });
}
