using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Batching;
using LocalAi.Speech.Chatterbox.Onnx;
using LocalAi.Speech.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// Continuous batching must never change a request's result: requests of different prompt lengths and budgets join
/// mid-generation and leave at different steps, and each one's tokens (and waveform) equal what it gives alone, which
/// the official loop's transcription confirms for greedy decoding.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class ContinuousBatchingTests(TinyModel tiny)
{
    private static readonly long[] Hello = [15496, 995, 50256, 50256];
    private static readonly long[] Longer = [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13, 50274, 50256, 50256];
    private static readonly long[] Middle = [40, 588, 262, 7815, 13, 50256, 50256];
    private static readonly GenerationOptions Greedy = new();
    private static readonly GenerationOptions Sampled = new() { Temperature = GenerationOptions.DefaultSamplingTemperature };

    [Theory]
    [InlineData("fp32")]
    [InlineData("q4f16")]
    public async Task Greedy_requests_joining_and_leaving_mid_generation_give_what_they_give_alone(string dtypeName)
    {
        var dtype = ModelDTypes.Parse(dtypeName);
        using var model = Load(dtype, maxBatch: 4);
        using var reference = new ReferenceLoop(tiny.Directory, dtype.FileSuffix());
        var requests = Staggered(model, Greedy);

        var (batched, rows) = await RunStaggered(model, requests);

        using var alone = Load(dtype, maxBatch: 1);
        for (var i = 0; i < requests.Length; i++)
        {
            var request = requests[i];
            var solo = alone.GenerateTokens(request.Voice, request.Ids, request.Options, request.Budget, request.Seed);
            Assert.Equal(solo.Tokens, batched[i].Tokens);
            Assert.Equal(solo.StopReason, batched[i].StopReason);
            Assert.Equal(alone.DecodeWaveform(request.Voice, solo.SpeechTokens), model.DecodeWaveform(request.Voice, batched[i].SpeechTokens));
            var expected = reference.Run(TestClips.Voice(7.5, (ulong)(i + 1)), request.Ids, request.Budget);
            Assert.Equal(expected.GeneratedTokens, batched[i].Tokens.Select(t => (long)t));
        }

        AssertBatchFormedAndShrank(rows, requests.Length);
    }

    [Fact]
    public async Task Seeded_sampled_requests_give_the_same_tokens_batched_as_alone()
    {
        using var model = Load(ModelDType.Fp32, maxBatch: 4);
        var requests = Staggered(model, Sampled);

        var (batched, rows) = await RunStaggered(model, requests);

        using var alone = Load(ModelDType.Fp32, maxBatch: 1);
        for (var i = 0; i < requests.Length; i++)
        {
            var request = requests[i];
            Assert.Equal(alone.GenerateTokens(request.Voice, request.Ids, request.Options, request.Budget, request.Seed).Tokens, batched[i].Tokens);
        }

        AssertBatchFormedAndShrank(rows, requests.Length);
    }

    [Fact]
    public async Task A_cancelled_request_leaves_the_batch_and_the_others_finish_unchanged()
    {
        using var model = Load(ModelDType.Fp32, maxBatch: 4);
        var requests = Staggered(model, Greedy);
        var staggered = new StaggeredRequests(requests, Generator(model), () => model.QueuedForBatch) { CancelAt = (0, 6) };
        model.DecodeStepCompleted += staggered.OnStep;

        var tasks = await staggered.RunAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tasks[0]);
        using var alone = Load(ModelDType.Fp32, maxBatch: 1);
        for (var i = 1; i < requests.Length; i++)
        {
            var request = requests[i];
            Assert.Equal(alone.GenerateTokens(request.Voice, request.Ids, request.Options, request.Budget, request.Seed).Tokens, (await tasks[i]).Tokens);
        }
    }

    [Fact]
    public async Task The_device_bound_cache_path_batches_with_the_same_tokens()
    {
        // CUDA keeps the cache on the device and brings it to the host only before a join or a leave; binding it to
        // CPU memory runs that same code here.
        var suffix = ModelDType.Fp32.FileSuffix();
        using var model = Load(ModelDType.Fp32, maxBatch: 1);
        using var embed = new InferenceSession(Path.Combine(tiny.Directory, "onnx", $"embed_tokens{suffix}.onnx"));
        using var languageModel = new InferenceSession(Path.Combine(tiny.Directory, "onnx", $"language_model{suffix}.onnx"));
        var runner = new LanguageModelRunner(embed, languageModel, LanguageModelSignature.Read(languageModel), OrtMemoryInfo.DefaultInstance);
        var requests = Staggered(model, Greedy);
        StaggeredRequests? staggered = null;
        using var scheduler = new DecodeScheduler(runner, new BatchLimits(4, long.MaxValue, model.CacheBytesPerPosition), step => staggered!.OnStep(step));
        var generator = new SpeechTokenGenerator(runner, scheduler);
        staggered = new StaggeredRequests(
            requests, (r, token) => generator.Generate(r.Voice, r.Ids, r.Options, r.Budget, r.Seed, token), () => scheduler.Queued);

        var tasks = await staggered.RunAsync();

        for (var i = 0; i < requests.Length; i++)
        {
            var request = requests[i];
            Assert.Equal(model.GenerateTokens(request.Voice, request.Ids, request.Options, request.Budget, request.Seed).Tokens, (await tasks[i]).Tokens);
        }

        AssertBatchFormedAndShrank(staggered.RowsPerStep, requests.Length);
    }

    [Fact]
    public async Task The_cache_budget_keeps_requests_waiting_until_the_batch_has_room()
    {
        var options = new ChatterboxOptions
        {
            ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Fp32), MaxBatchSize = 4, BatchCacheBudgetBytes = 1,
        };
        using var model = ChatterboxModel.Load(options);
        var requests = Staggered(model, Greedy);

        var (batched, rows) = await RunStaggered(model, requests);

        Assert.All(rows, r => Assert.Equal(1, r));
        using var alone = Load(ModelDType.Fp32, maxBatch: 1);
        for (var i = 0; i < requests.Length; i++)
        {
            var request = requests[i];
            Assert.Equal(alone.GenerateTokens(request.Voice, request.Ids, request.Options, request.Budget, request.Seed).Tokens, batched[i].Tokens);
        }
    }

    // Three prompt lengths (voices of different lengths, texts of different lengths), budgets that end them at
    // different steps, joins at steps 0, 3 and 9.
    private static BatchRequest[] Staggered(ChatterboxModel model, GenerationOptions options)
    {
        SpeechConditioning Voice(int seed) => model.EncodeVoice(TestClips.Voice(7.5, (ulong)seed));
        return
        [
            new(Voice(1), Longer, 70, options, 11, 0),
            new(Voice(2), Hello, 24, options, 12, 3),
            new(Voice(3), Middle, 60, options, 13, 9),
        ];
    }

    private static async Task<(TokenGeneration[] Results, IReadOnlyList<int> Rows)> RunStaggered(ChatterboxModel model, BatchRequest[] requests)
    {
        var staggered = new StaggeredRequests(requests, Generator(model), () => model.QueuedForBatch);
        model.DecodeStepCompleted += staggered.OnStep;
        var tasks = await staggered.RunAsync();
        var results = new TokenGeneration[tasks.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            results[i] = await tasks[i];
        }

        return (results, staggered.RowsPerStep);
    }

    private static Func<BatchRequest, CancellationToken, TokenGeneration> Generator(ChatterboxModel model) =>
        (r, token) => model.GenerateTokens(r.Voice, r.Ids, r.Options, r.Budget, r.Seed, cancellationToken: token);

    private static void AssertBatchFormedAndShrank(IReadOnlyList<int> rows, int requests)
    {
        Assert.Equal(1, rows[0]);
        var full = rows.ToList().IndexOf(requests);
        Assert.True(full > 0, $"the batch never held all {requests} requests: {string.Join(",", rows)}");
        Assert.Contains(rows.Skip(full), r => r < requests);
    }

    private ChatterboxModel Load(ModelDType dtype, int maxBatch) => ChatterboxModel.Load(
        new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(dtype), MaxBatchSize = maxBatch });
}
