namespace LocalAi.ModelForge.Tests;

public sealed class DeterminismTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "forge-determinism-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_same_seed_gives_byte_identical_files_and_another_seed_other_weights()
    {
        var a = Forge.Write(Options("a", 7));
        var b = Forge.Write(Options("b", 7));
        var c = Forge.Write(Options("c", 8));

        foreach (var file in Directory.GetFiles(a.Directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(a.Directory, file);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(b.Directory, relative)));
        }

        var lm = TurboContract.LanguageModel;
        Assert.NotEqual(File.ReadAllBytes(a.GraphPath(lm, ForgeDType.Q4) + "_data"), File.ReadAllBytes(c.GraphPath(lm, ForgeDType.Q4) + "_data"));
    }

    [Fact]
    public void The_tokenizer_writer_is_called_with_the_root_tokenizer_path()
    {
        string? written = null;
        var model = Forge.Write(Options("t", 1) with { TokenizerJsonWriter = path => written = path });

        Assert.Equal(Path.Combine(model.Directory, "tokenizer.json"), written);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private ForgeOptions Options(string name, ulong seed) =>
        new() { OutputDirectory = Path.Combine(_root, name), Seed = seed, DTypes = [ForgeDType.Fp32, ForgeDType.Q4] };
}
