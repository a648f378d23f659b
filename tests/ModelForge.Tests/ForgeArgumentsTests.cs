namespace LocalAi.ModelForge.Tests;

public sealed class ForgeArgumentsTests
{
    [Fact]
    public void Parses_profile_dtype_list_output_and_seed()
    {
        var options = ForgeArguments.Parse(["--profile", "full", "--dtype", "fp32,q4f16", "--out", "/tmp/x", "--seed", "42"]);

        Assert.Same(ForgeProfile.Full, options.Profile);
        Assert.Equal([ForgeDType.Fp32, ForgeDType.Q4F16], options.DTypes);
        Assert.Equal("/tmp/x", options.OutputDirectory);
        Assert.Equal(42UL, options.Seed);
    }

    [Fact]
    public void All_means_every_dtype_and_the_seed_defaults()
    {
        var options = ForgeArguments.Parse(["--dtype", "all", "--out", "d"]);

        Assert.Equal(ForgeDTypes.All, options.DTypes);
        Assert.Equal(ForgeOptions.DefaultSeed, options.Seed);
        Assert.Same(ForgeProfile.Tiny, options.Profile);
        Assert.Equal(0, options.MatMulAccuracyLevel);
    }

    [Fact]
    public void Parses_the_matmulnbits_accuracy_level() =>
        Assert.Equal(4, ForgeArguments.Parse(["--dtype", "q4", "--out", "d", "--accuracy-level", "4"]).MatMulAccuracyLevel);

    [Fact]
    public void Parses_the_stop_floor_which_defaults_to_none()
    {
        Assert.Equal(700, ForgeArguments.Parse(["--profile", "full", "--out", "d", "--min-stop-position", "700"]).MinStopPosition);
        Assert.Equal(0, ForgeArguments.Parse(["--out", "d"]).MinStopPosition);
    }

    [Theory]
    [InlineData("--dtype", "q3", "--out", "d")]
    [InlineData("--min-stop-position", "-5", "--out", "d")]
    [InlineData("--min-stop-position", "many", "--out", "d")]
    [InlineData("--profile", "multilingual-tiny", "--min-stop-position", "50", "--out", "d")]
    [InlineData("--profile", "huge", "--out", "d")]
    [InlineData("--seed", "-1", "--out", "d")]
    [InlineData("--accuracy-level", "5", "--out", "d")]
    [InlineData("--accuracy-level", "-1", "--out", "d")]
    [InlineData("--dtype", "fp32")]
    [InlineData("--out")]
    public void Rejects_bad_arguments_with_a_message(params string[] args) =>
        Assert.Throws<FormatException>(() => ForgeArguments.Parse(args));

    [Fact]
    public void The_full_profile_has_the_gpt2_medium_shape()
    {
        var full = ForgeProfile.Full;

        Assert.Equal((24, 16, 64, 1024, 4096, 8196), (full.Layers, full.Heads, full.HeadDim, full.Hidden, full.MlpSize, full.Positions));
        Assert.Equal(0, full.Hidden % 32);
    }
}
