using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Streaming;
using LocalAi.Speech.Tests.Support;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// How in-sentence streaming runs beside the generation, seen through a batching model whose decode loop the test can
/// hold: its step observer runs on the decode thread before the step's tokens are chosen.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class InSentenceStreamingGenerationTests(TinyModel tiny)
{
    private const int ChunkTokens = 10;
    private const int Budget = 150;
    private const int HoldAtStep = 40;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void The_first_piece_arrives_while_the_sentence_is_still_being_generated()
    {
        using var synthesizer = LoadBatching();
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, InSentenceStreamingTests.LongVoice)).Conditioning;
        using var firstPiece = new ManualResetEventSlim();
        var held = new HeldStep(synthesizer.Model, HoldAtStep, firstPiece, Patience);

        using var pieces = synthesizer.SynthesizePieces(InSentenceStreamingTests.Sentence, voice, Options(), new InSentenceStreaming { ChunkTokens = ChunkTokens }).GetEnumerator();
        Assert.True(pieces.MoveNext());
        var first = pieces.Current;
        var stepsBeforeFirstPiece = held.Steps;
        firstPiece.Set();
        var rest = new List<SpeechPiece>();
        while (pieces.MoveNext())
        {
            rest.Add(pieces.Current);
        }

        // The loop stood at step 40 until the first piece came: it came while the sentence was being generated.
        Assert.True(held.WaitedForPiece, "the decode loop was held until the first piece arrived");
        Assert.InRange(stepsBeforeFirstPiece, ChunkTokens, HoldAtStep);
        Assert.Null(first.Completed);
        Assert.InRange(first.TokensGenerated, ChunkTokens, HoldAtStep + 1);
        var total = rest[^1].Completed!.Generation.SpeechTokens.Count;
        Assert.True(total > HoldAtStep + 1, $"the sentence ran {total} tokens");
    }

    [Fact]
    public void Cancelling_after_the_first_piece_stops_the_generation()
    {
        using var synthesizer = LoadBatching();
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, InSentenceStreamingTests.LongVoice)).Conditioning;
        using var firstPiece = new ManualResetEventSlim();
        using var cancellation = new CancellationTokenSource();
        var held = new HeldStep(synthesizer.Model, HoldAtStep, firstPiece, Patience);
        var received = 0;

        var pieces = synthesizer.SynthesizePieces(InSentenceStreamingTests.Sentence, voice, Options(), new InSentenceStreaming { ChunkTokens = ChunkTokens }, cancellation.Token);
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var piece in pieces)
            {
                received++;
                cancellation.Cancel();
                firstPiece.Set();
            }
        });

        // The call returns only after the generation has ended: the loop could not pass the held step before the
        // cancellation, and stopped at the next step boundary instead of running on to the budget.
        Assert.Equal(1, received);
        Assert.InRange(held.Steps, ChunkTokens, HoldAtStep + 1);
    }

    [Fact]
    public void Leaving_after_the_first_piece_stops_the_generation_before_the_enumerator_is_disposed()
    {
        using var synthesizer = SpeechSynthesizerSetup.Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, InSentenceStreamingTests.LongVoice)).Conditioning;
        var sawCancellation = false;
        var ended = false;
        GeneratedChunk Generate(Action<int> tokenChosen, CancellationToken cancellationToken)
        {
            try
            {
                for (var i = 0; i < HoldAtStep; i++)
                {
                    tokenChosen(i * 7);
                }

                // A generation that would run on: it ends only when it is cancelled.
                sawCancellation = cancellationToken.WaitHandle.WaitOne(Patience);
                cancellationToken.ThrowIfCancellationRequested();
                throw new InvalidOperationException("The generation was never cancelled.");
            }
            finally
            {
                Volatile.Write(ref ended, true);
            }
        }

        var received = 0;
        foreach (var piece in new InSentenceSynthesis(synthesizer.Model, new InSentenceStreaming { ChunkTokens = ChunkTokens }).Stream(0, voice, Generate, CancellationToken.None))
        {
            received++;
            break;
        }

        Assert.Equal(1, received);
        Assert.True(Volatile.Read(ref ended), "the generation had ended when the enumerator was disposed");
        Assert.True(sawCancellation, "the generation was cancelled");
    }

    private static SynthesisOptions Options() => new() { Generation = new GenerationOptions { MaxNewTokens = Budget } };

    private SpeechSynthesizer LoadBatching() => SpeechSynthesizer.Load(new ChatterboxOptions
    {
        ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Fp32), MaxBatchSize = 2,
    });

    /// <summary>Counts the decode steps and holds the loop at one of them until the first piece is in the test's hands.</summary>
    private sealed class HeldStep
    {
        private int steps;

        public HeldStep(ChatterboxModel model, int holdAt, ManualResetEventSlim release, TimeSpan patience) =>
            model.DecodeStepCompleted += _ =>
            {
                if (Interlocked.Increment(ref steps) == holdAt)
                {
                    WaitedForPiece = release.Wait(patience);
                }
            };

        public int Steps => Volatile.Read(ref steps);

        public bool WaitedForPiece { get; private set; }
    }
}
