using LocalAi.Audio;
using LocalAi.Speech.Audio;

namespace LocalAi.Speech.Tests.Audio;

public sealed class DownmixTests
{
    [Fact]
    public void Stereo_becomes_the_float32_mean_of_its_channels()
    {
        var clip = new AudioClip([0.5f, 0.25f, -1f, 1f, 0.1f, 0.2f], 2, 8000);

        Assert.Equal([0.375f, 0f, (0.1f + 0.2f) / 2], Downmix.ToMono(clip));
    }

    [Fact]
    public void Three_channels_are_summed_in_order_then_divided()
    {
        var clip = new AudioClip([0.1f, 0.7f, 0.3f], 3, 8000);

        Assert.Equal((0.1f + 0.7f + 0.3f) / 3, Assert.Single(Downmix.ToMono(clip)));
    }

    [Fact]
    public void Mono_is_returned_unchanged()
    {
        var samples = new[] { 0.3f, -0.4f };

        Assert.Same(samples, Downmix.ToMono(new AudioClip(samples, 1, 8000)));
    }
}
