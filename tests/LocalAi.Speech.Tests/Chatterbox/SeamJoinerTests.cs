using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Streaming;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// The seams between pieces, with two renderings that differ as a non-causal decoder's do: the earlier window renders
/// the held-back tokens without all of their right context, so its samples past the seam are off by d(t).
/// Over a linear fade of F samples the sent signal is s = p + w·(n − p) with w_k = (k + ½)/F, so each step is
/// s_k − s_{k−1} = Δp_k + w_k·Δd_k + (w_k − w_{k−1})·d_{k−1}, with d = n − p; at the first faded sample the step from
/// the last sent sample is Δp + d/(2F), and after the last one it is Δn + d/(2F). So no step exceeds
/// max(|Δp|, |Δn|) + max|Δd| + max|d|/F: the bound asserted. A hard cut steps by up to max|d| instead.
/// </summary>
public sealed class SeamJoinerTests
{
    private const int Token = SpeechTokens.SamplesPerToken;
    private const int Fade = 480;

    [Fact]
    public void A_seam_steps_no_more_than_the_derived_bound_and_away_from_it_the_new_rendering_is_sent()
    {
        var (earlier, later, sent) = JoinTwoWindows(Fade);
        var bound = SeamBound(earlier, later);

        var seam = 25 * Token;
        var worstStep = Enumerable.Range(seam - 1, Fade + 2).Max(i => Math.Abs(sent[i] - sent[i - 1]));
        Assert.True(worstStep <= bound, $"a step of {worstStep} at the seam, bound {bound}");
        Assert.Equal(earlier[..seam], sent[..seam]);
        Assert.Equal(later[(seam + Fade)..], sent[(seam + Fade)..]);
        Assert.Equal(later.Length, sent.Length);
    }

    [Fact]
    public void Without_the_fade_the_same_renderings_step_past_the_bound()
    {
        var (earlier, later, sent) = JoinTwoWindows(fade: 0);

        var seam = 25 * Token;
        Assert.True(Math.Abs(sent[seam] - sent[seam - 1]) > SeamBound(earlier, later));
    }

    [Fact]
    public void Equal_renderings_pass_the_fade_unchanged()
    {
        var joiner = new SeamJoiner(Fade);
        var signal = Rendering(0, 60, offset: 0);
        var first = joiner.Cut(new DecodeWindow(0, 28, 0, 25, Last: false), signal[..(31 * Token)]);
        var second = joiner.Cut(new DecodeWindow(0, 60, 25, 60, Last: true), signal);

        float[] sent = [.. first, .. second];
        Assert.Equal(signal.Length, sent.Length);
        Assert.True(Enumerable.Range(0, sent.Length).All(i => Math.Abs(sent[i] - signal[i]) <= 1e-6f));
    }

    // Tokens 0..59 (+3 padding). The earlier window saw tokens 0..27 and renders 25.. with an offset that grows past
    // the seam; the later one renders everything as the whole sentence does.
    private static (float[] Earlier, float[] Later, float[] Sent) JoinTwoWindows(int fade)
    {
        var joiner = new SeamJoiner(fade);
        var earlier = Rendering(0, 28, offset: 0.3f);
        var later = Rendering(0, 60, offset: 0);
        float[] sent = [
            .. joiner.Cut(new DecodeWindow(0, 28, 0, 25, Last: false), earlier),
            .. joiner.Cut(new DecodeWindow(0, 60, 25, 60, Last: true), later)];
        return (earlier, later, sent);
    }

    private static float[] Rendering(int start, int end, float offset)
    {
        var samples = new float[(end - start + SpeechTokens.SilencePadding) * Token];
        for (var i = 0; i < samples.Length; i++)
        {
            var drift = i >= 25 * Token ? offset * Math.Min(1, (i - (25 * Token)) / (float)Token) : 0;
            samples[i] = (0.5f * MathF.Sin(i * 0.05f)) + drift + (offset * 0.5f);
        }

        return samples;
    }

    // max(|Δp|, |Δn|) + max|Δd| + max|d|/F over the overlap of the two renderings.
    private static float SeamBound(float[] earlier, float[] later)
    {
        var overlap = Math.Min(earlier.Length, later.Length);
        float Step(float[] x, int i) => Math.Abs(x[i] - x[i - 1]);
        float D(int i) => later[i] - earlier[i];
        var renderingStep = Enumerable.Range(1, overlap - 1).Max(i => Math.Max(Step(earlier, i), Step(later, i)));
        var differenceStep = Enumerable.Range(1, overlap - 1).Max(i => Math.Abs(D(i) - D(i - 1)));
        var difference = Enumerable.Range(0, overlap).Max(i => Math.Abs(D(i)));
        return renderingStep + differenceStep + (difference / Fade);
    }
}
