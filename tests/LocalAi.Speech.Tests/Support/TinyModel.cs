using LocalAi.ModelForge;

namespace LocalAi.Speech.Tests.Support;

/// <summary>One synthetic tiny model with all five dtypes (and the GPT-2 tokenizer), forged once per test run.</summary>
public sealed class TinyModel : IDisposable
{
    public TinyModel()
    {
        Directory = Path.Combine(Path.GetTempPath(), "localai-tiny-" + Guid.NewGuid().ToString("N"));
        Forge.Write(new ForgeOptions { OutputDirectory = Directory, DTypes = ForgeDTypes.All });
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModel>
{
    public const string Name = "tiny model";
}
