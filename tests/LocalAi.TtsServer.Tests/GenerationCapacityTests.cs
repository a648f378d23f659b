using LocalAi.Speech.Chatterbox;
using LocalAi.TtsServer.Configuration;

namespace LocalAi.TtsServer.Tests;

/// <summary>
/// <see cref="GenerationCapacity"/>: what the server runs when the configuration leaves <c>MaxConcurrentGenerations</c>
/// or <c>BatchDecoding</c> unset, and that what it does set is kept.
/// </summary>
public sealed class GenerationCapacityTests
{
    [Theory]
    [InlineData(ExecutionDevice.Cpu, ModelDType.Q4, 1, false)]
    [InlineData(ExecutionDevice.Cpu, ModelDType.Q4F16, 1, false)]
    [InlineData(ExecutionDevice.Cpu, ModelDType.Fp32, 4, true)]
    [InlineData(ExecutionDevice.Cpu, ModelDType.Fp16, 4, true)]
    [InlineData(ExecutionDevice.Cpu, ModelDType.Q8, 1, false)]
    [InlineData(ExecutionDevice.Cuda, ModelDType.Fp16, 1, false)]
    [InlineData(ExecutionDevice.Cuda, ModelDType.Fp32, 1, false)]
    [InlineData(ExecutionDevice.Cuda, ModelDType.Q4, 1, false)]
    public void Unset_values_are_chosen_by_device_and_language_model_dtype(ExecutionDevice device, ModelDType dtype, int concurrency, bool batched)
    {
        var capacity = GenerationCapacity.Resolve(device, dtype, ModelFamily.Turbo, maxConcurrent: null, batch: null);

        Assert.Equal((concurrency, batched, true, true), (capacity.MaxConcurrentGenerations, capacity.BatchDecoding, capacity.ConcurrencyChosen, capacity.BatchingChosen));
        Assert.Equal(batched ? concurrency : 1, capacity.MaxBatchSize);
        Assert.False(string.IsNullOrWhiteSpace(capacity.Reason));
    }

    [Fact]
    public void The_reasons_name_the_dtype_on_the_cpu_and_the_gpu_check_on_cuda()
    {
        Assert.Contains("q4", GenerationCapacity.Resolve(ExecutionDevice.Cpu, ModelDType.Q4, ModelFamily.Turbo, null, null).Reason, StringComparison.Ordinal);
        Assert.Contains("fp32", GenerationCapacity.Resolve(ExecutionDevice.Cpu, ModelDType.Fp32, ModelFamily.Turbo, null, null).Reason, StringComparison.Ordinal);
        Assert.Contains("bench/gpu-check.sh", GenerationCapacity.Resolve(ExecutionDevice.Cuda, ModelDType.Fp16, ModelFamily.Turbo, null, null).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, 1)]
    [InlineData(null, true, 1)]
    [InlineData(3, null, 3)]
    [InlineData(3, true, 3)]
    public void Multilingual_never_batches(int? maxConcurrent, bool? batch, int concurrency)
    {
        var capacity = GenerationCapacity.Resolve(ExecutionDevice.Cpu, ModelDType.Fp32, ModelFamily.Multilingual, maxConcurrent, batch);

        Assert.Equal((concurrency, false, 1), (capacity.MaxConcurrentGenerations, capacity.BatchDecoding, capacity.MaxBatchSize));
        Assert.Equal(maxConcurrent is null, capacity.ConcurrencyChosen);
        Assert.Contains("Multilingual", capacity.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModelDType.Fp32, true)]
    [InlineData(ModelDType.Q4, false)]
    public void A_configured_concurrency_keeps_the_chosen_batching(ModelDType dtype, bool batched)
    {
        var capacity = GenerationCapacity.Resolve(ExecutionDevice.Cpu, dtype, ModelFamily.Turbo, maxConcurrent: 3, batch: null);

        Assert.Equal((3, batched, false, true), (capacity.MaxConcurrentGenerations, capacity.BatchDecoding, capacity.ConcurrencyChosen, capacity.BatchingChosen));
        Assert.Equal(batched ? 3 : 1, capacity.MaxBatchSize);
    }

    [Fact]
    public void One_configured_generation_does_not_batch_where_batching_would_be_chosen()
    {
        var capacity = GenerationCapacity.Resolve(ExecutionDevice.Cpu, ModelDType.Fp32, ModelFamily.Turbo, maxConcurrent: 1, batch: null);

        Assert.Equal((1, false, 1), (capacity.MaxConcurrentGenerations, capacity.BatchDecoding, capacity.MaxBatchSize));
    }

    [Fact]
    public void Batching_configured_with_one_generation_is_reported_as_not_batching()
    {
        var capacity = GenerationCapacity.Resolve(ExecutionDevice.Cpu, ModelDType.Fp32, ModelFamily.Turbo, maxConcurrent: 1, batch: true);

        Assert.Equal((1, false, 1), (capacity.MaxConcurrentGenerations, capacity.BatchDecoding, capacity.MaxBatchSize));
        Assert.Equal("one generation at a time does not batch", capacity.Reason);
    }

    [Theory]
    [InlineData(ExecutionDevice.Cpu, ModelDType.Q4, true, 4)]
    [InlineData(ExecutionDevice.Cuda, ModelDType.Fp16, true, 4)]
    [InlineData(ExecutionDevice.Cpu, ModelDType.Fp32, false, 1)]
    public void Configured_batching_with_unset_concurrency_runs_four_or_one(ExecutionDevice device, ModelDType dtype, bool batch, int concurrency)
    {
        var capacity = GenerationCapacity.Resolve(device, dtype, ModelFamily.Turbo, maxConcurrent: null, batch);

        Assert.Equal((concurrency, batch, true, false), (capacity.MaxConcurrentGenerations, capacity.BatchDecoding, capacity.ConcurrencyChosen, capacity.BatchingChosen));
    }

    [Theory]
    [InlineData(ModelDType.Q4, 6, true)]
    [InlineData(ModelDType.Fp32, 2, false)]
    public void Both_configured_are_kept_as_they_are(ModelDType dtype, int maxConcurrent, bool batch)
    {
        var capacity = GenerationCapacity.Resolve(ExecutionDevice.Cpu, dtype, ModelFamily.Turbo, maxConcurrent, batch);

        Assert.Equal(new GenerationCapacity(maxConcurrent, batch, false, false, null), capacity);
    }

    [Theory]
    [InlineData("cpu", null, "chatterbox-turbo", 1, false)]
    [InlineData("CPU ", "fp32", "chatterbox-turbo", 4, true)]
    [InlineData("cpu", "q4,language_model=fp32", "chatterbox-turbo", 4, true)]
    [InlineData("cpu", "fp32,language_model=q4", "chatterbox-turbo", 1, false)]
    [InlineData("cuda", null, "chatterbox-turbo", 1, false)]
    [InlineData("gpu", "fp32", "chatterbox-turbo", 1, false)]
    [InlineData("cpu", "fp32", "chatterbox-multilingual", 1, false)]
    public void Options_are_read_for_the_device_the_language_model_dtype_and_the_family(string device, string? dtype, string model, int concurrency, bool batched)
    {
        var options = new TtsServerOptions { Device = device, DType = dtype, ModelId = model };
        options.Validate();

        var capacity = GenerationCapacity.Resolve(options);

        Assert.Equal((concurrency, batched), (capacity.MaxConcurrentGenerations, capacity.BatchDecoding));
    }

    [Fact]
    public void Configured_options_reach_the_capacity()
    {
        var capacity = GenerationCapacity.Resolve(new TtsServerOptions { DType = "q4", MaxConcurrentGenerations = 2, BatchDecoding = true });

        Assert.Equal((2, true, 2), (capacity.MaxConcurrentGenerations, capacity.BatchDecoding, capacity.MaxBatchSize));
    }
}
