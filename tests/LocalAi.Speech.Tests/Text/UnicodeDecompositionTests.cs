using LocalAi.Speech.Text.Unicode;

namespace LocalAi.Speech.Tests.Text;

public class UnicodeDecompositionTests
{
    [Theory]
    [InlineData("é", "e\u0301", "e\u0301")]
    [InlineData("ﬁ", "ﬁ", "fi")]
    [InlineData("Å", "A\u030A", "A\u030A")]
    [InlineData("①", "①", "1")]
    [InlineData("ｶﾞ", "ｶﾞ", "\u30AB\u3099")]
    [InlineData("한", "\u1112\u1161\u11AB", "\u1112\u1161\u11AB")]
    [InlineData("ǖ", "u\u0308\u0304", "u\u0308\u0304")]
    [InlineData("abc", "abc", "abc")]
    public void Decomposes_like_python_unicodedata(string text, string nfd, string nfkd)
    {
        Assert.Equal(nfd, UnicodeDecomposition.Nfd(text));
        Assert.Equal(nfkd, UnicodeDecomposition.Nfkd(text));
    }

    [Fact]
    public void Combining_marks_are_put_in_canonical_order() =>
        // Dot above (class 230) after dot below (class 220), whatever order they were written in.
        Assert.Equal("a\u0323\u0307", UnicodeDecomposition.Nfd("a\u0307\u0323"));

    [Fact]
    public void Marks_of_equal_class_keep_their_order() =>
        Assert.Equal("a\u0301\u0300", UnicodeDecomposition.Nfd("a\u0301\u0300"));

    [Fact]
    public void Invariant_globalization_really_leaves_string_normalize_a_no_op() =>
        // The reason this class exists: if this ever fails, string.Normalize could replace it.
        Assert.Equal("é", "é".Normalize(System.Text.NormalizationForm.FormD));
}
