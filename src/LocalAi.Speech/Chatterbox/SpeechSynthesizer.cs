using System.Diagnostics;
using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Speech.Chatterbox.Streaming;
using LocalAi.Speech.Voices;
using LocalAi.Text;

namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// Text to speech with Chatterbox (Turbo or Multilingual): chunking, the family's text preparation and tokenizer
/// (<see cref="PromptTokenizer"/>), token generation, the decoder, and crossfaded joins. Voices are encoded once and kept in an on-disk cache when one is given.
/// </summary>
public sealed class SpeechSynthesizer : IDisposable
{
    private readonly PromptTokenizer tokenizer;
    private readonly ConditioningCache? cache;

    private SpeechSynthesizer(ChatterboxModel model, PromptTokenizer tokenizer, ConditioningCache? cache)
    {
        Model = model;
        this.tokenizer = tokenizer;
        this.cache = cache;
    }

    /// <summary>The loaded model.</summary>
    public ChatterboxModel Model { get; }

    /// <summary>Loads the model and its tokenizer.</summary>
    /// <param name="options">Model directory, dtypes, device and threads.</param>
    /// <param name="conditioningCacheDirectory">Where encoded voices are kept; null keeps nothing.</param>
    public static SpeechSynthesizer Load(ChatterboxOptions options, string? conditioningCacheDirectory = null)
    {
        var model = ChatterboxModel.Load(options);
        try
        {
            var tokenizer = PromptTokenizer.For(model);
            var cache = conditioningCacheDirectory is null ? null : new ConditioningCache(conditioningCacheDirectory);
            return new SpeechSynthesizer(model, tokenizer, cache);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The token ids the model sees for a normalised text: the family's tokenizer with its template (and, for Multilingual, the language's preparation).</summary>
    public long[] Tokenize(string normalizedText, string language = SpeechLanguages.Default) => tokenizer.Tokenize(normalizedText, language);

    /// <summary>Prepares a reference clip file (any common format) and encodes it, or reads its cached conditioning.</summary>
    public async Task<VoiceConditioning> PrepareVoiceAsync(
        string clipPath, ReferenceClipOptions? clipOptions = null, CancellationToken cancellationToken = default)
    {
        var clip = await ReferenceClip.PrepareFileAsync(clipPath, clipOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
        return EncodeVoice(clip);
    }

    /// <summary>Encodes a prepared clip (24 kHz mono), or reads its cached conditioning.</summary>
    public VoiceConditioning EncodeVoice(float[] preparedClip)
    {
        ArgumentNullException.ThrowIfNull(preparedClip);
        var clock = Stopwatch.StartNew();
        var hash = ConditioningCache.ClipHash(preparedClip);
        if (cache is null)
        {
            return new VoiceConditioning(Model.EncodeVoice(preparedClip), hash, false, clock.Elapsed.TotalMilliseconds);
        }

        var conditioning = cache.GetOrCreate(preparedClip, Model.VariantKey, clip => Model.EncodeVoice(clip), out var hit);
        return new VoiceConditioning(conditioning, hash, hit, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Splits a text into the chunks that are synthesized one after another.</summary>
    public static IReadOnlyList<string> PlanChunks(string text, SynthesisOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The text is empty: there is nothing to say.", nameof(text));
        }

        if (options.MaxChunkCharacters <= 0)
        {
            return [text];
        }

        var chunks = TextChunker.Chunk(text, options.MaxChunkCharacters, options.FirstSentenceAlone);

        // A text that fits one chunk is normalised as a whole, exactly as the official loop does it.
        return chunks.Count <= 1 ? [text] : chunks;
    }

    /// <summary>Synthesizes chunk by chunk, yielding each as soon as its audio is ready (for streaming).</summary>
    public IEnumerable<SynthesizedChunk> SynthesizeChunks(
        string text, SpeechConditioning voice, SynthesisOptions options, CancellationToken cancellationToken = default)
    {
        var (chunks, seed) = Prepare(text, voice, options);
        return Enumerate();

        IEnumerable<SynthesizedChunk> Enumerate()
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                yield return SynthesizeChunk(i, chunks[i], voice, options.Generation, unchecked(seed + i), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Synthesizes chunk by chunk for streaming; with <paramref name="streaming"/> on, each chunk's audio comes in
    /// pieces while its tokens are generated, and off, each chunk comes whole as <see cref="SynthesizeChunks"/> makes it.
    /// </summary>
    public IEnumerable<SpeechPiece> SynthesizePieces(
        string text, SpeechConditioning voice, SynthesisOptions options, InSentenceStreaming streaming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streaming);
        streaming.Validate();
        if (!streaming.Enabled)
        {
            return SynthesizeChunks(text, voice, options, cancellationToken).Select(SpeechPiece.Whole);
        }

        var (chunks, seed) = Prepare(text, voice, options);
        var synthesis = new InSentenceSynthesis(Model, streaming);
        return chunks.SelectMany((chunk, i) => synthesis.Stream(
            i, voice, (tokenChosen, token) => GenerateChunk(i, chunk, voice, options.Generation, unchecked(seed + i), token, tokenChosen), cancellationToken));
    }

    /// <summary>
    /// Synthesizes for streaming: each step is audio ready to play, the chunks joined with the equal-power crossfade
    /// (<see cref="SynthesisOptions.CrossfadeMilliseconds"/>) and, with <paramref name="streaming"/> on, each chunk
    /// sent in pieces while its tokens are generated. The request is checked before this returns.
    /// </summary>
    public IEnumerable<SynthesizedAudio> Stream(
        string text, SpeechConditioning voice, SynthesisOptions options, InSentenceStreaming streaming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pieces = SynthesizePieces(text, voice, options, streaming, cancellationToken);
        return Join(pieces, SpeechTokens.SampleRate * options.CrossfadeMilliseconds / 1000);
    }

    /// <summary>
    /// Starts <see cref="Stream"/> on its own thread and hands its audio to an async reader; choose the seed first
    /// (<see cref="GenerationOptions.WithSeedChosen"/>) to report it before the audio.
    /// </summary>
    public SpeechStream StartStream(
        string text, SpeechConditioning voice, SynthesisOptions options, InSentenceStreaming streaming, CancellationToken cancellationToken = default) =>
        new(token => Stream(text, voice, options, streaming, token), cancellationToken);

    /// <summary>Synthesizes a whole text and joins the chunks with an equal-power crossfade.</summary>
    public SynthesisResult Synthesize(string text, SpeechConditioning voice, SynthesisOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var generation = options.Generation.WithSeedChosen();
        var chunks = new List<SynthesizedChunk>();
        var parts = new List<float[]>();
        foreach (var audio in Stream(text, voice, options with { Generation = generation }, InSentenceStreaming.Off, cancellationToken))
        {
            if (audio.Completed is { } chunk)
            {
                chunks.Add(chunk);
            }

            parts.Add(audio.Samples);
        }

        return new SynthesisResult([.. parts.SelectMany(p => p)], chunks, generation.Seed!.Value);
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();

    private SynthesizedChunk SynthesizeChunk(int index, string text, SpeechConditioning voice, GenerationOptions options, int seed, CancellationToken cancellationToken)
    {
        var generated = GenerateChunk(index, text, voice, options, seed, cancellationToken);
        var clock = Stopwatch.StartNew();
        var samples = Model.DecodeWaveform(voice, generated.Generation.SpeechTokens, cancellationToken);
        return generated.WithAudio(samples, clock.Elapsed.TotalMilliseconds);
    }

    private GeneratedChunk GenerateChunk(
        int index, string text, SpeechConditioning voice, GenerationOptions options, int seed, CancellationToken cancellationToken, Action<int>? tokenChosen = null)
    {
        var (normalized, ids) = tokenizer.Prepare(text, options.Language);
        var budget = options.MaxNewTokens ?? Math.Max(1, Math.Min(TokenBudget.For(normalized), Model.PositionsLeft(voice, ids.Length)));
        var generation = Model.GenerateTokens(voice, ids, options, budget, seed, tokenChosen, cancellationToken);
        return new GeneratedChunk(index, text, normalized, ids, generation, seed);
    }

    // Everything is checked before the first chunk is made, so a bad request fails before any audio.
    private (IReadOnlyList<string> Chunks, int Seed) Prepare(string text, SpeechConditioning voice, SynthesisOptions options)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(options);
        options.Generation.Validate();
        var chunks = PlanChunks(text, options);
        CheckTokenBudget(chunks, voice, options.Generation);
        return (chunks, options.Generation.WithSeedChosen().Seed!.Value);
    }

    // A caller's budget is checked for every chunk before the first is spoken, so it fails before any audio.
    private void CheckTokenBudget(IReadOnlyList<string> chunks, SpeechConditioning voice, GenerationOptions options)
    {
        if (options.MaxNewTokens is not { } requested)
        {
            return;
        }

        foreach (var chunk in chunks)
        {
            Model.CheckTokenBudget(voice, tokenizer.Prepare(chunk, options.Language).Ids.Length, requested);
        }
    }

    // Sentences join with the crossfade; the pieces of one sentence are already joined.
    private static IEnumerable<SynthesizedAudio> Join(IEnumerable<SpeechPiece> pieces, int crossfadeSamples)
    {
        var stitcher = new CrossfadeStitcher(crossfadeSamples);
        foreach (var piece in pieces)
        {
            yield return new SynthesizedAudio(piece.StartsChunk ? stitcher.Add(piece.Samples) : stitcher.Continue(piece.Samples), piece.Completed);
        }

        yield return new SynthesizedAudio(stitcher.Complete(), null);
    }
}
