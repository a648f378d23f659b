using System.Text;
using System.Text.RegularExpressions;

namespace LocalAi.Text.Tests;

public partial class TextChunkerTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t \r\n")]
    public void Blank_text_gives_no_chunks(string text) => Assert.Empty(TextChunker.Chunk(text));

    [Fact]
    public void Short_text_is_one_trimmed_chunk() =>
        Assert.Equal(["Hello there. How are you?"], TextChunker.Chunk("  Hello there. How are you?  "));

    [Fact]
    public void Sentences_are_packed_whole_up_to_the_limit() =>
        Assert.Equal(
            ["One two three. Four five six!", "Seven eight nine?"],
            TextChunker.Chunk("One two three. Four five six! Seven eight nine?", maxChars: 30));

    [Fact]
    public void First_sentence_alone_makes_the_first_chunk_one_sentence() =>
        Assert.Equal(
            ["Hi.", "This is the rest. And more."],
            TextChunker.Chunk("Hi. This is the rest. And more.", firstSentenceAlone: true));

    [Theory]
    [InlineData("Mr. Smith met Dr. Jones. They talked.", "Mr. Smith met Dr. Jones.")]
    [InlineData("Bring fruit, e.g. apples. Then go.", "Bring fruit, e.g. apples.")]
    [InlineData("Pi is 3.14 exactly. Yes.", "Pi is 3.14 exactly.")]
    [InlineData("J. K. Rowling wrote it. Really.", "J. K. Rowling wrote it.")]
    [InlineData("He said \"Stop!\" and left. Then.", "He said \"Stop!\"")]
    [InlineData("Wait… really? Yes.", "Wait…")]
    [InlineData("Line one\nLine two", "Line one")]
    public void Sentence_boundaries_respect_abbreviations_numbers_and_quotes(string text, string firstSentence) =>
        Assert.Equal(firstSentence, TextChunker.Chunk(text, firstSentenceAlone: true)[0]);

    [Fact]
    public void Punctuation_inside_a_tag_is_no_boundary() =>
        Assert.Equal("Look [a. b] here.", TextChunker.Chunk("Look [a. b] here. Next.", firstSentenceAlone: true)[0]);

    [Fact]
    public void Long_sentence_splits_at_clauses_then_spaces()
    {
        var chunks = TextChunker.Chunk("alpha beta, gamma delta; epsilon zeta eta theta iota kappa", maxChars: 20);
        Assert.Equal(["alpha beta,", "gamma delta;", "epsilon zeta eta", "theta iota kappa"], chunks);
    }

    [Fact]
    public void A_tag_is_never_split_even_when_longer_than_the_limit()
    {
        var chunks = TextChunker.Chunk("one two [clear throat] three four", maxChars: 10);
        Assert.Equal(["one two", "[clear throat]", "three four"], chunks);
    }

    [Fact]
    public void An_overlong_word_is_its_own_chunk() =>
        Assert.Equal(["a", "abcdefghijkl", "b"], TextChunker.Chunk("a abcdefghijkl b", maxChars: 5));

    [Fact]
    public void Rejects_a_limit_below_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TextChunker.Chunk("x", maxChars: 0));

    [Theory]
    [InlineData(1, 300)]
    [InlineData(2, 80)]
    [InlineData(3, 40)]
    [InlineData(4, 12)]
    [InlineData(5, 300)]
    public void Random_texts_keep_the_chunking_invariants(int seed, int maxChars)
    {
        var random = new Random(seed);
        for (var round = 0; round < 50; round++)
        {
            var text = RandomText(random);
            var firstAlone = round % 2 == 0;
            var chunks = TextChunker.Chunk(text, maxChars, firstAlone);

            Assert.Equal(WithoutWhitespace(text), WithoutWhitespace(string.Concat(chunks)));
            Assert.All(chunks, chunk =>
            {
                Assert.False(string.IsNullOrWhiteSpace(chunk));
                Assert.Equal(chunk.Trim(), chunk);
                Assert.True(chunk.Length <= maxChars || IsUnbreakable(chunk), $"too long: '{chunk}'");
            });
            AssertNoBoundaryInsideTags(text, chunks);
        }
    }

    private static bool IsUnbreakable(string chunk) =>
        !TagPattern().Replace(chunk, m => m.Value.Replace(' ', '_')).Any(char.IsWhiteSpace);

    private static void AssertNoBoundaryInsideTags(string text, IReadOnlyList<string> chunks)
    {
        var tags = TagPattern().Matches(text).Select(m => (Start: m.Index, End: m.Index + m.Length)).ToList();
        var cursor = 0;
        foreach (var chunk in chunks)
        {
            var start = text.IndexOf(chunk, cursor, StringComparison.Ordinal);
            Assert.True(start >= 0, $"chunk not found in order: '{chunk}'");
            var end = start + chunk.Length;
            Assert.DoesNotContain(tags, tag => (tag.Start < start && start < tag.End) || (tag.Start < end && end < tag.End));
            cursor = end;
        }
    }

    private static string WithoutWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string RandomText(Random random)
    {
        string[] pieces =
        [
            "word", "another", "x", "Mr.", "Dr.", "3.14", "e.g.", "end.", "why?", "wow!", "so…", "clause,", "semi;",
            "colon:", "[laugh]", "[clear throat]", "[a. b]", "\"quoted.\"", "\n", "\n\n", "supercalifragilistic",
            "tab\tbed",
        ];
        var builder = new StringBuilder();
        var count = random.Next(1, 120);
        for (var i = 0; i < count; i++)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
            builder.Append(random.Next(6) == 0 ? "  " : " ");
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\[[^\[\]\r\n]*\]")]
    private static partial Regex TagPattern();
}
