using LocalAi.Wyoming.Session;

namespace LocalAi.TtsServer.Tests.Wyoming;

public sealed class SentenceBufferTests
{
    [Fact]
    public void A_sentence_is_handed_out_once_text_follows_its_end_even_when_cut_mid_word()
    {
        var buffer = new SentenceBuffer();

        Assert.Empty(buffer.Add("Good mor"));
        Assert.Empty(buffer.Add("ning, everyone."));
        Assert.Equal(["Good morning, everyone."], buffer.Add(" The wea"));
        Assert.Empty(buffer.Add("ther is fine"));
        Assert.Equal(["The weather is fine"], buffer.Finish());
        Assert.Empty(buffer.Finish());
    }

    [Fact]
    public void Abbreviations_and_decimals_do_not_end_a_sentence()
    {
        var buffer = new SentenceBuffer();

        Assert.Empty(buffer.Add("Mr. Smith paid 3."));
        Assert.Empty(buffer.Add("5 dollars"));
        Assert.Equal(["Mr. Smith paid 3.5 dollars."], buffer.Add(". Then"));
        Assert.Equal(["Then"], buffer.Finish());
    }

    [Fact]
    public void Text_without_a_sentence_end_is_cut_once_it_grows_past_a_few_chunks()
    {
        var buffer = new SentenceBuffer(maxChunkCharacters: 50);
        var spoken = new List<string>();

        for (var i = 0; i < 100; i++)
        {
            spoken.AddRange(buffer.Add($"word{i} "));
        }

        Assert.NotEmpty(spoken);
        Assert.All(spoken, chunk => Assert.True(chunk.Length <= 50, chunk));
        Assert.Equal(string.Join(" ", Enumerable.Range(0, 100).Select(i => $"word{i}")), string.Join(" ", spoken.Concat(buffer.Finish())));
    }
}
