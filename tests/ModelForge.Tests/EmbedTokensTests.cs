namespace LocalAi.ModelForge.Tests;

[Collection(TinyModelCollection.Name)]
public sealed class EmbedTokensTests(TinyModelFixture fixture)
{
    private const int Hidden = 32;

    private readonly Pipeline _fp32 = new(fixture, ForgeDType.Fp32);

    [Fact]
    public void One_id_uses_the_speech_table_and_several_ids_the_text_table()
    {
        var alone = _fp32.Embed([500]);
        var inPrompt = _fp32.Embed([500, 600]).AsSpan(0, Hidden).ToArray();

        Assert.NotEqual(alone, inPrompt);
        Assert.Equal(inPrompt, _fp32.Embed([500, 700]).AsSpan(0, Hidden).ToArray());
    }

    [Fact]
    public void A_lone_id_beyond_stop_is_clamped_to_the_stop_row_and_text_ids_reach_the_added_tokens()
    {
        Assert.Equal(_fp32.Embed([TurboContract.StopToken]), _fp32.Embed([50275]));
        Assert.Equal(2 * Hidden, _fp32.Embed([50274, 50275]).Length);
    }

    [Theory]
    [InlineData(ForgeDType.Fp16, 0.01)]
    [InlineData(ForgeDType.Q8, 0.05)]
    [InlineData(ForgeDType.Q4, 0.2)]
    [InlineData(ForgeDType.Q4F16, 0.2)]
    public void Quantised_tables_decode_to_nearly_the_fp32_rows(ForgeDType dtype, double tolerance)
    {
        var quantized = new Pipeline(fixture, dtype);
        long[] prompt = [40, 716, 50256];

        AssertClose(_fp32.Embed(prompt), quantized.Embed(prompt), tolerance);
        AssertClose(_fp32.Embed([1234]), quantized.Embed([1234]), tolerance);
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        var error = Math.Sqrt(expected.Zip(actual, (e, a) => (e - a) * (e - a)).Sum() / expected.Sum(e => e * e));
        Assert.True(error < tolerance, $"relative error {error:F4} ≥ {tolerance}");
    }
}
