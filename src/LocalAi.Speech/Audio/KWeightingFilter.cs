namespace LocalAi.Speech.Audio;

/// <summary>
/// The BS.1770 K-weighting pre-filter as pyloudnorm builds it: a high shelf (+4 dB, Q = 1/√2, 1500 Hz) then a
/// high pass (Q = 0.5, 38 Hz), each an RBJ-cookbook biquad designed for the actual sample rate and run like
/// scipy's <c>lfilter</c> (transposed direct form II in double). pyloudnorm stores each stage's output back into
/// the caller's float32 array, so each stage's output is rounded to float32 here too.
/// </summary>
internal static class KWeightingFilter
{
    public static float[] Apply(ReadOnlySpan<float> samples, int sampleRate)
    {
        var output = new float[samples.Length];
        HighShelf(sampleRate).Run(samples, output);
        HighPass(sampleRate).Run(output, output);
        return output;
    }

    private static Biquad HighShelf(int sampleRate)
    {
        // Operation order follows pyloudnorm's iirfilter.py so the coefficients round identically.
        var a = Math.Pow(10, 4.0 / 40.0);
        var (cos, alpha) = Angle(1500.0, 1 / Math.Sqrt(2), sampleRate);
        var sqrtA = 2 * Math.Sqrt(a) * alpha;
        var b0 = a * ((a + 1) + ((a - 1) * cos) + sqrtA);
        var b1 = -2 * a * ((a - 1) + ((a + 1) * cos));
        var b2 = a * ((a + 1) + ((a - 1) * cos) - sqrtA);
        var a0 = (a + 1) - ((a - 1) * cos) + sqrtA;
        var a1 = 2 * ((a - 1) - ((a + 1) * cos));
        var a2 = (a + 1) - ((a - 1) * cos) - sqrtA;
        return new Biquad(b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0);
    }

    private static Biquad HighPass(int sampleRate)
    {
        var (cos, alpha) = Angle(38.0, 0.5, sampleRate);
        var b0 = (1 + cos) / 2;
        var b1 = -(1 + cos);
        var a0 = 1 + alpha;
        var a1 = -2 * cos;
        var a2 = 1 - alpha;
        return new Biquad(b0 / a0, b1 / a0, b0 / a0, a1 / a0, a2 / a0);
    }

    private static (double Cos, double Alpha) Angle(double frequency, double q, int sampleRate)
    {
        var w0 = 2.0 * Math.PI * (frequency / sampleRate);
        return (Math.Cos(w0), Math.Sin(w0) / (2.0 * q));
    }

    private readonly record struct Biquad(double B0, double B1, double B2, double A1, double A2)
    {
        public void Run(ReadOnlySpan<float> input, Span<float> output)
        {
            double z0 = 0, z1 = 0;
            for (var n = 0; n < input.Length; n++)
            {
                double x = input[n];
                var y = z0 + (B0 * x);
                z0 = z1 + (x * B1) - (y * A1);
                z1 = (x * B2) - (y * A2);
                output[n] = (float)y;
            }
        }
    }
}
