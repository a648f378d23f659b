using LocalAi.Speech.Text;

namespace LocalAi.Speech.Tests.Text;

/// <summary>A tokenizer.json cut short by an interrupted download is reported by name, as a bad file, not as a bare JSON error.</summary>
[Trait("Category", "Reliability")]
public sealed class TruncatedTokenizerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("localai-tokenizer-").FullName;

    [Fact]
    public void A_truncated_tokenizer_json_names_the_file_and_not_where_it_lies()
    {
        var path = Path.Combine(folder, "tokenizer.json");
        ModelForge.Tokenizer.Gpt2TokenizerJson.Write(path);
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => BpeTokenizer.Load(path));

        Assert.StartsWith("tokenizer.json is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("download it again", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(folder, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
