using LocalAi.Speech.Text;

namespace LocalAi.Speech.Tests.Text;

public class BpeTokenizerTests
{
    private static BpeTokenizer Turbo => TokenizerFiles.TurboTokenizer;

    [Theory]
    [InlineData("Hello world", new[] { 15496, 995, 50256, 50256 })]
    [InlineData("[chuckle]", new[] { 50274, 50256, 50256 })]
    [InlineData("", new[] { 50256, 50256 })]
    [InlineData("Hello world [laugh]", new[] { 15496, 995, 220, 50275, 50256, 50256 })]
    public void Encodes_known_gpt2_ids_and_appends_the_template(string text, int[] expected) =>
        Assert.Equal(expected, Turbo.Encode(text));

    [Fact]
    public void Written_test_file_loads_to_the_same_tokenizer()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gpt2-{Guid.NewGuid():N}.tokenizer.json");
        try
        {
            ModelForge.Tokenizer.Gpt2TokenizerJson.Write(path);
            var loaded = BpeTokenizer.Load(path);
            Assert.Equal(Turbo.VocabSize, loaded.VocabSize);
            Assert.Equal(Turbo.Encode(TokenizerCorpus.LongText()), loaded.Encode(TokenizerCorpus.LongText()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Without_special_tokens_the_template_is_skipped() =>
        Assert.Equal([15496, 995], Turbo.Encode("Hello world", addSpecialTokens: false));

    [Fact]
    public void Every_chatterbox_tag_has_its_turbo_id()
    {
        var tags = ModelForge.Tokenizer.Gpt2TokenizerJson.ChatterboxTags;
        for (var i = 0; i < tags.Count; i++)
        {
            Assert.Equal(50257 + i, Turbo.TokenToId(tags[i]));
            Assert.Equal([50257 + i], Turbo.Encode(tags[i], addSpecialTokens: false));
        }

        Assert.Equal(50276, Turbo.VocabSize);
        Assert.Equal(50256, Turbo.TokenToId("<|endoftext|>"));
        Assert.Null(Turbo.TokenToId("not a token"));
    }

    [Fact]
    public void Decode_round_trips_text_and_tags()
    {
        const string Text = "Héllo 😀 world [clear throat] 中文\n";
        var ids = Turbo.Encode(Text);
        Assert.Equal(Text + "<|endoftext|><|endoftext|>", Turbo.Decode(ids));
        Assert.Equal(Text, Turbo.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void A_lone_surrogate_encodes_as_the_replacement_character() =>
        Assert.Equal(Turbo.Encode("a \uFFFD b"), Turbo.Encode("a \uD83D b"));

    [Fact]
    public void Concurrent_encoding_agrees_with_sequential_encoding()
    {
        var texts = TokenizerCorpus.All().ToArray();
        var sequential = texts.Select(t => Turbo.Encode(t)).ToArray();
        var parallel = new int[texts.Length][];
        Parallel.For(0, texts.Length, i => parallel[i] = Turbo.Encode(texts[i]));
        Assert.Equal(sequential, parallel);
    }
}
