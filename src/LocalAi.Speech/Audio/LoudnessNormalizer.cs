namespace LocalAi.Speech.Audio;

/// <summary>Normalises integrated loudness the way PyTorch Chatterbox's <c>norm_loudness</c> does.</summary>
public static class LoudnessNormalizer
{
    /// <summary>The loudness PyTorch Chatterbox normalises reference clips to.</summary>
    public const double DefaultTargetLufs = -27.0;

    /// <summary>
    /// Scales mono samples to <paramref name="targetLufs"/>. The gain 10^((target − loudness)/20) is applied only when it
    /// is finite and positive, so silence (loudness −inf) comes back unchanged (the same array). The product is formed as
    /// <c>sample * (float)gain</c>, the float32 multiply numpy performs for a float32 array times a Python float.
    /// </summary>
    /// <exception cref="ArgumentException">The audio is shorter than one 400 ms loudness block.</exception>
    public static float[] Normalize(float[] samples, int sampleRate, double targetLufs = DefaultTargetLufs)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return Apply(samples, Gain(LoudnessMeter.IntegratedLoudness(samples, sampleRate), targetLufs));
    }

    /// <summary>The linear gain that takes <paramref name="loudness"/> to <paramref name="targetLufs"/>; NaN or infinite for silence.</summary>
    public static double Gain(double loudness, double targetLufs) => Math.Pow(10.0, (targetLufs - loudness) / 20.0);

    /// <summary>Multiplies by the gain when it is finite and positive; otherwise returns <paramref name="samples"/> itself.</summary>
    public static float[] Apply(float[] samples, double gain)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (!double.IsFinite(gain) || gain <= 0)
        {
            return samples;
        }

        var factor = (float)gain;
        var output = new float[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            output[i] = samples[i] * factor;
        }

        return output;
    }
}
