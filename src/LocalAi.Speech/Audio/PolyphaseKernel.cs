namespace LocalAi.Speech.Audio;

/// <summary>
/// A Kaiser-windowed sinc low-pass split into the phases a rational resampling ratio needs. The pass band reaches
/// 0.9 × the lower Nyquist frequency, the stop band starts at the lower Nyquist frequency and is attenuated by
/// about 100 dB, so nothing above the target's Nyquist folds back.
/// </summary>
internal sealed class PolyphaseKernel
{
    private const double StopbandAttenuationDb = 100;
    private const double PassbandEdge = 0.9;
    private const double StopbandEdge = 1.0;

    private PolyphaseKernel(double[][] phases, int halfWidth)
    {
        Phases = phases;
        HalfWidth = halfWidth;
    }

    /// <summary>Row r holds the weights of input samples q−H+1 … q+H for an output at input position q + r/L.</summary>
    public double[][] Phases { get; }

    /// <summary>H: the filter reaches H input samples to each side.</summary>
    public int HalfWidth { get; }

    public static PolyphaseKernel Design(int fromRate, int toRate, int up)
    {
        var lowerNyquist = Math.Min(fromRate, toRate) / 2.0;
        // Frequencies in cycles per input sample.
        var cutoff = (PassbandEdge + StopbandEdge) / 2 * lowerNyquist / fromRate;
        var transition = (StopbandEdge - PassbandEdge) * lowerNyquist / fromRate;
        var beta = 0.1102 * (StopbandAttenuationDb - 8.7);
        var length = ((StopbandAttenuationDb - 7.95) / (2.285 * 2 * Math.PI * transition)) + 1;
        var halfWidth = (int)Math.Ceiling(length / 2);
        var besselBeta = BesselI0(beta);

        var phases = new double[up][];
        for (var r = 0; r < up; r++)
        {
            var row = new double[2 * halfWidth];
            var sum = 0.0;
            for (var k = 0; k < row.Length; k++)
            {
                var tau = ((double)r / up) + (halfWidth - 1 - k);
                var x = tau / halfWidth;
                var window = Math.Abs(x) >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - (x * x))) / besselBeta;
                row[k] = 2 * cutoff * Sinc(2 * cutoff * tau) * window;
                sum += row[k];
            }

            // Unit gain in every phase keeps DC exact and avoids a ripple pattern at the phase period.
            for (var k = 0; k < row.Length; k++)
            {
                row[k] /= sum;
            }

            phases[r] = row;
        }

        return new PolyphaseKernel(phases, halfWidth);
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var halfX = x / 2;
        for (var k = 1; term > sum * 1e-17; k++)
        {
            term *= halfX / k * (halfX / k);
            sum += term;
        }

        return sum;
    }
}
