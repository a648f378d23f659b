using LocalAi.ModelForge;

namespace LocalAi.Speech.Tests.Support;

/// <summary>
/// One synthetic tiny model with all five dtypes (and the GPT-2 tokenizer), forged once per test run, and its 4-bit
/// twin whose MatMulNBits nodes were forged with accuracy level 4 (int8 compute) instead of 0.
/// </summary>
public sealed class TinyModel : IDisposable
{
    public TinyModel()
    {
        Directory = Path.Combine(Path.GetTempPath(), "localai-tiny-" + Guid.NewGuid().ToString("N"));
        Forge.Write(new ForgeOptions { OutputDirectory = Directory, DTypes = ForgeDTypes.All });
        Int8ComputeDirectory = Directory + "-acc4";
        Forge.Write(new ForgeOptions { OutputDirectory = Int8ComputeDirectory, DTypes = [ForgeDType.Q4, ForgeDType.Q4F16], MatMulAccuracyLevel = 4 });
    }

    public string Directory { get; }

    /// <summary>The same weights in q4 and q4f16, with <c>accuracy_level</c> 4 on every MatMulNBits node.</summary>
    public string Int8ComputeDirectory { get; }

    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        System.IO.Directory.Delete(Int8ComputeDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModel>
{
    public const string Name = "tiny model";
}
