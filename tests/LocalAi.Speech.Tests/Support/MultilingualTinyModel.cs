using LocalAi.ModelForge;

namespace LocalAi.Speech.Tests.Support;

/// <summary>
/// A forged multilingual-tiny model (fp32, fp16 and q4f16, the float16-cache variant) with the forged grapheme
/// tokenizer.json and Cangjie5_TC.json, shared by the multilingual tests.
/// </summary>
public sealed class MultilingualTinyModel : IDisposable
{
    public MultilingualTinyModel()
    {
        Directory = Path.Combine(Path.GetTempPath(), "localai-ml-tiny-" + Guid.NewGuid().ToString("N"));
        Forge.Write(new ForgeOptions
        {
            OutputDirectory = Directory,
            Profile = ForgeProfile.MultilingualTiny,
            DTypes = [ForgeDType.Fp32, ForgeDType.Fp16, ForgeDType.Q4F16],
        });
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class MultilingualTinyModelCollection : ICollectionFixture<MultilingualTinyModel>
{
    public const string Name = "multilingual tiny model";
}
