using LocalAi.Testing;

namespace LocalAi.Audio.Tests;

public sealed class CrossfadeTests
{
    private const int Fade = 480;

    [Fact]
    public void Length_is_the_sum_minus_one_fade_per_seam()
    {
        float[][] chunks = [Signals.Noise(5000, 0.5, 1), Signals.Noise(3000, 0.5, 2), Signals.Noise(4000, 0.5, 3)];

        Assert.Equal(12000 - (2 * Fade), Crossfade.Join(chunks, Fade).Length);
    }

    [Fact]
    public void Single_chunk_passes_through_unchanged()
    {
        var chunk = Signals.Noise(2000, 0.5, 4);

        Assert.Equal(chunk, Crossfade.Join([chunk], Fade));
        var stitcher = new CrossfadeStitcher(Fade);
        Assert.Equal(chunk, stitcher.Add(chunk).Concat(stitcher.Complete()).ToArray());
    }

    [Fact]
    public void Seam_between_different_levels_has_no_jump()
    {
        var joined = Crossfade.Join([Enumerable.Repeat(0.5f, 2000).ToArray(), Enumerable.Repeat(-0.5f, 2000).ToArray()], Fade);

        var largestStep = joined.Zip(joined.Skip(1)).Max(p => Math.Abs(p.Second - p.First));

        // A hard cut would jump by 1.0; the quarter-turn fade moves at most ~π/2 × 0.707 / fade per sample.
        Assert.True(largestStep < 0.005, $"step {largestStep}");
        Assert.Equal(0.5f, joined[0]);
        Assert.Equal(-0.5f, joined[^1]);
    }

    [Fact]
    public void Fade_is_equal_power()
    {
        var joined = Crossfade.Join([Enumerable.Repeat(1f, 1000).ToArray(), Enumerable.Repeat(1f, 1000).ToArray()], Fade);

        // For correlated (identical) signals cos + sin peaks at √2 mid-fade; gains squared always sum to 1.
        Assert.InRange(joined.Max(), 1.414f, 1.4143f);
        Assert.InRange(joined[1000 - Fade], 1f, 1.01f);
    }

    [Fact]
    public void Incremental_equals_one_shot_and_holds_back_only_the_fade()
    {
        float[][] chunks = [Signals.Noise(3000, 0.5, 5), Signals.Noise(200, 0.5, 6), [], Signals.Noise(900, 0.5, 7), Signals.Noise(2500, 0.5, 8)];
        var stitcher = new CrossfadeStitcher(Fade);
        var streamed = new List<float>();

        var first = stitcher.Add(chunks[0]);
        streamed.AddRange(first);
        foreach (var chunk in chunks.Skip(1))
        {
            streamed.AddRange(stitcher.Add(chunk));
        }

        streamed.AddRange(stitcher.Complete());

        Assert.Equal(3000 - Fade, first.Length);
        Assert.Equal(Crossfade.Join(chunks, Fade), streamed);
        Assert.Throws<InvalidOperationException>(() => stitcher.Add(chunks[0]));
    }

    [Fact]
    public void Continuing_a_chunk_joins_its_pieces_without_a_fade()
    {
        float[] sentence = Signals.Noise(5000, 0.5, 9);
        float[] next = Signals.Noise(2000, 0.5, 10);
        var stitcher = new CrossfadeStitcher(Fade);

        float[] streamed = [
            .. stitcher.Add(sentence[..1000]), .. stitcher.Continue(sentence[1000..1200]), .. stitcher.Continue(sentence[1200..]),
            .. stitcher.Add(next), .. stitcher.Complete()];

        Assert.Equal(Crossfade.Join([sentence, next], Fade), streamed);
    }

    [Fact]
    public void Default_fade_is_20_milliseconds() => Assert.Equal(480, Crossfade.DefaultFadeSamples(24000));
}
