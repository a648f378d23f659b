namespace LocalAi.ModelForge.Tests;

/// <summary>
/// <see cref="ForgeOptions.MinStopPosition"/>: below the floor only the STOP logit changes, by the held-off bias; at
/// and above it nothing changes; so the greedy loop runs the same tokens past the point where it used to stop.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class StopFloorTests(TinyModelFixture plain)
{
    private const ulong Voice = 1;
    private const int TokensPastTheOldStop = 200;
    private static readonly long[] Prompt = [40, 716, 257, 1332, 13, 50256, 50256];

    [Fact]
    public void Below_the_floor_only_the_stop_logit_moves_and_from_it_on_nothing_does()
    {
        var promptLength = PromptLength(new Pipeline(plain, ForgeDType.Fp32));
        var floor = promptLength / 2;
        using var floored = new TinyModelFixture(floor, [ForgeDType.Fp32]);

        var before = PrefillLogits(new Pipeline(plain, ForgeDType.Fp32));
        var after = PrefillLogits(new Pipeline(floored, ForgeDType.Fp32));

        var vocab = TurboContract.SpeechVocabSize;
        for (var position = 0; position < promptLength; position++)
        {
            for (var id = 0; id < vocab; id++)
            {
                var i = (position * vocab) + id;
                var held = id == TurboContract.StopToken && position + 1 < floor;
                Assert.Equal(before[i] + (held ? -1000f : 0f), after[i], 0.01f);
            }
        }
    }

    [Theory]
    [InlineData(ForgeDType.Fp32)]
    [InlineData(ForgeDType.Q4)]
    public void The_loop_runs_the_same_tokens_past_its_old_stop_and_stops_only_from_the_floor_on(ForgeDType dtype)
    {
        var promptLength = PromptLength(new Pipeline(plain, dtype));
        var unfloored = Generate(new Pipeline(plain, dtype), 300);
        Assert.Equal(TurboContract.StopToken, unfloored[^1]);

        var floor = promptLength + unfloored.Count + TokensPastTheOldStop;
        using var floored = new TinyModelFixture(floor, [dtype]);
        var tokens = Generate(new Pipeline(floored, dtype), floor - promptLength + 600);

        Assert.Equal(unfloored[..^1], tokens[..(unfloored.Count - 1)]);
        var stop = tokens.IndexOf(TurboContract.StopToken);
        Assert.True(stop >= 0, $"no STOP in {tokens.Count} tokens");
        Assert.True(promptLength + stop >= floor, $"STOP went to position {promptLength + stop}, below the floor {floor}");
        Assert.Equal(tokens.Count - 1, stop);
        Assert.Equal(0, tokens[^2] % TurboContract.StopTriggerModulus);
    }

    [Fact]
    public void The_model_card_states_the_floor()
    {
        using var floored = new TinyModelFixture(777, [ForgeDType.Fp32]);

        Assert.Contains("below 777", File.ReadAllText(Path.Combine(floored.Directory, "README.md")), StringComparison.Ordinal);
        Assert.DoesNotContain("Stop floor", File.ReadAllText(Path.Combine(plain.Directory, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_multilingual_family_is_refused()
    {
        var options = new ForgeOptions { OutputDirectory = "unused", Profile = ForgeProfile.MultilingualTiny, MinStopPosition = 10 };

        Assert.Contains("Turbo", Assert.Throws<ArgumentException>(() => Forge.Write(options)).Message, StringComparison.Ordinal);
    }

    private static float[] Features(Pipeline pipeline) =>
        Tensors.ReadFloats(pipeline.Encode(TestAudio.Clip(6, Voice))["audio_features"]);

    private static int PromptLength(Pipeline pipeline) => (Features(pipeline).Length / ForgeProfile.Tiny.Hidden) + Prompt.Length;

    private static List<long> Generate(Pipeline pipeline, int maxTokens) => pipeline.Generate(Features(pipeline), Prompt, maxTokens);

    private static float[] PrefillLogits(Pipeline pipeline) => pipeline.PrefillLogits(Features(pipeline), Prompt);
}
