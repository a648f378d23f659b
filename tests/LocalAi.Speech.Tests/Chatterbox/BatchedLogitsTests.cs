using System.Diagnostics;
using System.Runtime.InteropServices;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Batching;
using LocalAi.Speech.Chatterbox.Onnx;
using LocalAi.Speech.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// Below the tokens: a row's logits at every step, batched with rows of other lengths that join and leave (padding
/// in its cache, other batch shapes in every kernel), compared bit for bit with the same row decoding alone.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class BatchedLogitsTests(TinyModel tiny) : IDisposable
{
    private readonly List<IDisposable> disposables = [];

    private const int Steps = 30;

    // fp32 only: the 4-bit graphs' MatMulNBits kernels (q4 in float, q4f16 in float16) block their sums by the batch
    // shape, so even unpadded rows move in the last bits there (the padding test below bounds how far).
    [Theory]
    [InlineData("fp32")]
    public void Rows_of_equal_length_have_bit_identical_logits_batched_and_alone(string dtypeName)
    {
        // Three prompts of the same length decoding together: only the batch shape differs from running alone.
        long[] Text(long word) => [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, word, 50256, 50256];
        var (runner, prompts) = Open(dtypeName, [(7.5, 1, Text(13)), (7.5, 2, Text(15)), (7.5, 3, Text(16))]);
        (int, int)[] together = [(0, Steps), (0, Steps), (0, Steps)];

        var (differing, _, _) = Compare(runner, prompts, together);

        Assert.Equal(0, differing);
    }

    [Theory]
    [InlineData("fp32", 1e-5)]
    [InlineData("q4", 1e-5)]
    [InlineData("q4f16", 4e-3)]
    [InlineData("fp16", 4e-3)]
    public void Padding_moves_a_rows_logits_by_rounding_only(string dtypeName, double relativeTolerance)
    {
        // Prompts of three lengths joining at steps 0, 5 and 12, the second leaving at 20: padded caches. The padded
        // positions get exactly zero weight, but the kernels sum the rest in another order, so the last bits may move
        // (docs/engine.md "Continuous batching"); the tolerance is a few units in the last place of the logits' type.
        var (runner, prompts) = Open(dtypeName,
        [
            (7.5, 1, [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13, 50256, 50256]),
            (6, 2, [15496, 995, 50256, 50256]),
            (9, 3, [40, 588, 262, 7815, 13, 50256, 50256]),
        ]);

        var (_, largest, magnitude) = Compare(runner, prompts, [(0, Steps), (5, 20), (12, Steps)]);

        Assert.True(largest <= relativeTolerance * magnitude, $"logits moved by up to {largest:E2} at magnitude {magnitude:F2}");
    }

    // Every row batched per the schedule against the same row alone: steps whose logits differ in any bit, the
    // largest absolute difference, the largest logit magnitude.
    private static (int Differing, float Largest, float Magnitude) Compare(
        LanguageModelRunner runner, (SpeechConditioning Voice, long[] Ids)[] prompts, (int Join, int Leave)[] schedule)
    {
        var batched = RunBatched(runner, prompts, schedule);
        var (differing, largest, magnitude) = (0, 0f, 0f);
        for (var r = 0; r < prompts.Length; r++)
        {
            var alone = RunBatched(runner, [prompts[r]], [(0, schedule[r].Leave - schedule[r].Join)])[0];
            Assert.Equal(alone.Count, batched[r].Count);
            foreach (var (solo, together) in alone.Zip(batched[r]))
            {
                differing += MemoryMarshal.AsBytes(solo.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(together.AsSpan())) ? 0 : 1;
                largest = Math.Max(largest, solo.Zip(together).Max(v => Math.Abs(v.First - v.Second)));
                magnitude = Math.Max(magnitude, solo.Where(float.IsFinite).Max(Math.Abs));
            }
        }

        return (differing, largest, magnitude);
    }

    private (LanguageModelRunner Runner, (SpeechConditioning Voice, long[] Ids)[] Prompts) Open(
        string dtypeName, (double Seconds, ulong Seed, long[] Ids)[] prompts)
    {
        var dtype = ModelDTypes.Parse(dtypeName);
        var suffix = dtype.FileSuffix();
        var embed = Track(new InferenceSession(Path.Combine(tiny.Directory, "onnx", $"embed_tokens{suffix}.onnx")));
        var languageModel = Track(new InferenceSession(Path.Combine(tiny.Directory, "onnx", $"language_model{suffix}.onnx")));
        var model = Track(ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(dtype) }));
        var runner = new LanguageModelRunner(embed, languageModel, LanguageModelSignature.Read(languageModel), null);
        return (runner, [.. prompts.Select(p => (model.EncodeVoice(TestClips.Voice(p.Seconds, p.Seed)), p.Ids))]);
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        disposables.Add(disposable);
        return disposable;
    }

    public void Dispose() => disposables.ForEach(d => d.Dispose());

    // Prefills each row alone, then steps the batch; a row joins after its join step and leaves after its leave
    // step. Returns every row's logits: its prefill's, then one per step it took part in.
    private static List<List<float[]>> RunBatched(
        LanguageModelRunner runner, (SpeechConditioning Voice, long[] Ids)[] prompts, (int Join, int Leave)[] schedule)
    {
        using var runOptions = new RunOptions();
        using var batch = new DecodeBatch(runner);
        var logits = prompts.Select(_ => new List<float[]>()).ToList();
        var rows = new DecodeRow?[prompts.Length];
        var end = schedule.Max(s => s.Leave);
        for (var step = 0; step <= end; step++)
        {
            var leaving = Enumerable.Range(0, rows.Length).Where(r => rows[r] is not null && schedule[r].Leave == step).ToList();
            var joining = new List<(DecodeRow Row, OrtValue[] Cache)>();
            for (var r = 0; r < prompts.Length; r++)
            {
                if (schedule[r].Join == step)
                {
                    var (voice, ids) = prompts[r];
                    var (cache, first, _) = runner.Prefill(voice, ids, runOptions, Stopwatch.StartNew(), cacheToDevice: false);
                    rows[r] = new DecodeRow(new GenerationOptions(), 10_000, 0, voice.FeatureRows + ids.Length);
                    rows[r]!.Accept(first);
                    logits[r].Add(first);
                    joining.Add((rows[r]!, cache));
                }
            }

            if (joining.Count > 0 || leaving.Count > 0)
            {
                var keep = batch.Rows.Where(row => !leaving.Any(r => rows[r] == row)).ToList();
                batch.Rebuild(keep, joining);
            }

            if (step == end || batch.Rows.Count == 0)
            {
                continue;
            }

            var stepLogits = batch.Step(runOptions, cacheToDevice: false);
            for (var i = 0; i < batch.Rows.Count; i++)
            {
                var r = Array.IndexOf(rows, batch.Rows[i]);
                var own = DecodeBatch.RowLogits(stepLogits, i).ToArray();
                logits[r].Add(own);
                rows[r]!.Accept(own);
            }
        }

        return logits;
    }
}
