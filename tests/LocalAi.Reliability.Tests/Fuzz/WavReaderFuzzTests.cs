using CsCheck;
using LocalAi.Audio;
using LocalAi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace LocalAi.Reliability.Tests.Fuzz;

/// <summary>
/// <see cref="WavReader"/> on any bytes: a clip, or <see cref="InvalidDataException"/> (its documented failure), never
/// another exception; and it allocates in proportion to its input, never from a size the header claims.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class WavReaderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Any_bytes_read_as_a_clip_or_fail_as_invalid_data_within_a_bounded_allocation() =>
        WavGen.Any.Sample(ReadsOrRefuses, writeLine: output.WriteLine, time: ReliabilityBudget.FuzzSeconds, threads: 1);

    [Theory]
    [MemberData(nameof(Crashers))]
    public void Kept_crashers_read_or_fail_as_invalid_data(string file) =>
        ReadsOrRefuses(File.ReadAllBytes(Path.Combine(CrasherFiles.Folder("wav"), file)));

    public static TheoryData<string> Crashers => CrasherFiles.Named("wav");

    private static void ReadsOrRefuses(byte[] bytes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var clip = WavReader.Read(bytes);
            Assert.Equal(0, clip.Samples.Length % clip.Channels);
            Assert.True(clip.SampleRate > 0);
        }
        catch (InvalidDataException)
        {
            // The documented refusal.
        }

        // Samples are at most four bytes of float per input byte (8-bit PCM); the rest is messages and bookkeeping.
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= (4L * bytes.Length) + (64 * 1024), $"{allocated} bytes allocated to read {bytes.Length}");
    }
}
