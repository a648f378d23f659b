using LocalAi.Wyoming.Session;

namespace LocalAi.TtsServer.Tests.Wyoming;

public sealed class SentenceBufferTests
{
    [Fact]
    public void ASentenceIsHandedOutOnceTextFollowsItsEndEvenWhenCutMidWord()
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
    public void AbbreviationsAndDecimalsDoNotEndASentence()
    {
        var buffer = new SentenceBuffer();

        Assert.Empty(buffer.Add("Mr. Smith paid 3."));
        Assert.Empty(buffer.Add("5 dollars"));
        Assert.Equal(["Mr. Smith paid 3.5 dollars."], buffer.Add(". Then"));
        Assert.Equal(["Then"], buffer.Finish());
    }

    [Fact]
    public void TextWithoutASentenceEndIsCutOnceItGrowsPastAFewChunks()
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
