using System.Diagnostics;
using LocalAi.Speech.Chatterbox.Batching;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox.Onnx;

/// <summary>
/// The autoregressive loop of the official ONNX examples: prefill <c>[audio_features ; embed(text ids)]</c> with
/// positions 0..L−1 and an all-ones mask, then one token per step (embedded alone as <c>[[tok]]</c>, position
/// L−1+k, mask grown by one), each <c>present.*</c> output fed back as the matching <c>past_key_values.*</c> input by
/// name. What the families do differently (embed positions, exaggeration, stop ids) comes from
/// <see cref="FamilyDescription"/>. The prefill always runs alone; the steps run alone too, or, with a <paramref name="scheduler"/>, as one row
/// of the batch of every request generating at the same time.
/// </summary>
/// <param name="runner">Runs embed_tokens and language_model.</param>
/// <param name="scheduler">The continuous-batching loop; null decodes each request alone on its caller's thread.</param>
internal sealed class SpeechTokenGenerator(LanguageModelRunner runner, DecodeScheduler? scheduler = null)
{
    /// <summary>Generates speech tokens for one tokenized chunk, telling <paramref name="tokenChosen"/> each id as it is chosen.</summary>
    public TokenGeneration Generate(
        SpeechConditioning voice, ReadOnlySpan<long> textIds, GenerationOptions options, int maxNewTokens, int seed, CancellationToken cancellationToken,
        Action<int>? tokenChosen = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (voice.HiddenSize != runner.Signature.HiddenSize)
        {
            throw new InvalidOperationException(
                $"The voice conditioning has width {voice.HiddenSize} but this language model expects {runner.Signature.HiddenSize}: it was computed by a different model; encode the voice again.");
        }

        using var runOptions = new RunOptions();
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            var clock = Stopwatch.StartNew();
            var row = new DecodeRow(options, maxNewTokens, seed, voice.FeatureRows + textIds.Length, runner.Family, tokenChosen);

            // Batched rows join from host memory, so their prefill cache comes back to the host.
            var (cache, logits, textEmbedMs) = runner.Prefill(voice, textIds, runOptions, clock, cacheToDevice: scheduler is null, row.Exaggeration);
            var prefillMs = clock.Elapsed.TotalMilliseconds - textEmbedMs;
            if (row.Accept(logits))
            {
                LanguageModelRunner.DisposeAll(cache);
            }
            else if (scheduler is null)
            {
                DecodeAlone(row, cache, runOptions, cancellationToken);
            }
            else
            {
                scheduler.Submit(row, cache, maxNewTokens, cancellationToken).GetAwaiter().GetResult();
            }

            var decodeMs = clock.Elapsed.TotalMilliseconds - textEmbedMs - prefillMs;
            return new TokenGeneration(row.Generated, row.Stop, row.PromptLength, textEmbedMs, prefillMs, decodeMs);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            // A run interrupted through RunOptions.Terminate surfaces as an ONNX Runtime error.
            throw new OperationCanceledException("Generation was cancelled.", e, cancellationToken);
        }
    }

    // A batch of one on the caller's thread, adopting the prefill cache as it is.
    private void DecodeAlone(DecodeRow row, OrtValue[] cache, RunOptions runOptions, CancellationToken cancellationToken)
    {
        using var batch = new DecodeBatch(runner);
        batch.Rebuild([], [(row, cache)]);
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
        while (!row.Accept(batch.Step(runOptions, cacheToDevice: true)));
    }
}
