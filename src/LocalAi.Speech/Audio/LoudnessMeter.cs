namespace LocalAi.Speech.Audio;

/// <summary>
/// ITU-R BS.1770-4 integrated loudness of mono audio, computed exactly as pyloudnorm 0.1.x
/// <c>Meter(rate).integrated_loudness</c> does (which PyTorch Chatterbox uses): K-weighting, 400 ms blocks with
/// 75 % overlap, an absolute gate at −70 LUFS and a relative gate 10 LU below the absolutely gated loudness.
/// </summary>
public static class LoudnessMeter
{
    /// <summary>Length of one gating block in seconds.</summary>
    public const double BlockSeconds = 0.400;

    private const double AbsoluteGate = -70.0;
    private const double RelativeGate = -10.0;
    private const double Step = 1.0 - 0.75;

    /// <summary>
    /// Integrated loudness in LUFS; <see cref="double.NegativeInfinity"/> when no block passes the gates (silence).
    /// </summary>
    /// <exception cref="ArgumentException">The audio is shorter than one 400 ms block, which pyloudnorm also rejects.</exception>
    public static double IntegratedLoudness(ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (samples.Length < BlockSeconds * sampleRate)
        {
            throw new ArgumentException(
                $"The audio is {(double)samples.Length / sampleRate:0.###} s long; integrated loudness needs at least one {BlockSeconds * 1000:0} ms block.",
                nameof(samples));
        }

        var blockEnergy = BlockEnergies(KWeightingFilter.Apply(samples, sampleRate), sampleRate);
        var blockLoudness = blockEnergy.Select(Loudness).ToArray();

        var relativeGate = Loudness(GatedMean(blockEnergy, blockLoudness, l => l >= AbsoluteGate)) + RelativeGate;
        var gated = GatedMean(blockEnergy, blockLoudness, l => l > relativeGate && l > AbsoluteGate);
        // numpy's nan_to_num turns the mean of no blocks into 0, so silence measures −inf.
        return Loudness(double.IsNaN(gated) ? 0 : gated);
    }

    private static double Loudness(double meanSquare) => -0.691 + (10.0 * Math.Log10(meanSquare));

    private static double[] BlockEnergies(float[] weighted, int sampleRate)
    {
        var seconds = (double)weighted.Length / sampleRate;
        // np.round rounds half to even, as Math.Round does by default.
        var blocks = (int)Math.Round((seconds - BlockSeconds) / (BlockSeconds * Step)) + 1;
        var scale = 1.0 / (BlockSeconds * sampleRate);
        var energies = new double[blocks];
        var squares = new float[weighted.Length];
        for (var i = 0; i < squares.Length; i++)
        {
            // np.square of a float32 array squares in float32.
            squares[i] = weighted[i] * weighted[i];
        }

        for (var j = 0; j < blocks; j++)
        {
            var lower = Math.Min((int)(BlockSeconds * (j * Step) * sampleRate), squares.Length);
            var upper = Math.Min((int)(BlockSeconds * ((j * Step) + 1) * sampleRate), squares.Length);
            energies[j] = scale * NumpySum.Sum<float>(squares.AsSpan(lower, upper - lower));
        }

        return energies;
    }

    private static double GatedMean(double[] energies, double[] loudness, Func<double, bool> passes)
    {
        var kept = energies.Where((_, j) => passes(loudness[j])).ToArray();
        return kept.Length == 0 ? double.NaN : NumpySum.Sum<double>(kept) / kept.Length;
    }
}
