namespace LocalAi.ModelForge;

/// <summary>
/// The splitmix64 generator: fixed integer arithmetic, so a seed gives the same weights on every machine and
/// runtime (System.Random makes no such promise across .NET versions).
/// </summary>
public sealed class SplitMix64
{
    private ulong _state;

    /// <summary>Starts a stream at <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A stream for one named tensor, independent of the order in which tensors are generated.</summary>
    public static SplitMix64 ForTensor(ulong seed, string name)
    {
        // FNV-1a over the name: stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return new SplitMix64(seed ^ hash);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A float uniform in [-1, 1), exact in binary so it does not depend on the FPU.</summary>
    public float NextSigned() => ((NextUInt64() >> 40) * (1f / (1 << 23))) - 1f;

    /// <summary>Fills a new array with values uniform in [-amplitude, amplitude).</summary>
    public float[] Uniform(int count, float amplitude)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = NextSigned() * amplitude;
        }

        return values;
    }
}
