using LocalAi.Speech.Text;

namespace LocalAi.Speech.Tests.Text;

public class PunctuationNormalizerTests
{
    // Expected values worked out by hand from the Python punc_norm, step by step.
    public static TheoryData<string, string> Cases() => new()
    {
        { "", "You need to add some text for me to talk." },
        { "   ", "." },
        { "hello world", "Hello world." },
        { "Hello world", "Hello world." },
        { " hello", "hello." },
        { "hello   big\t\tworld\n", "Hello big world." },
        { "Is it?", "Is it?" },
        { "Stop!", "Stop!" },
        { "Wait-", "Wait-" },
        { "Well,", "Well," },
        { "Done.   ", "Done." },
        { "Wait…", "Wait," },
        { "Wait… what", "Wait,  what." },
        { "a … b", "A,  b." },
        { "Note: this", "Note, this." },
        { "Time 10:30", "Time 10,30." },
        { "x — y – z", "X - y - z." },
        { "Well , fine", "Well, fine." },
        { "“Quoted” and ‘single’", "\"Quoted\" and 'single'." },
        { "it’s", "It's." },
        { "ßtraße", "SStraße." },
        { "ﬁne", "FIne." },
        { "ñandú", "Ñandú." },
        { "𐐨 deseret", "𐐀 deseret." },
        { "ⓐ circled", "Ⓐ circled." },
        { "1 apple", "1 apple." },
        { "[laugh] that's funny", "[laugh] that's funny." },
        { "a\u00a0b\u2003c\u3000d", "A b c d." },
        { "a\u001cb\u001fc", "A b c." },
        { "a\u200bb", "A\u200bb." },
        { "a\u0085b\u2028c\u2029d", "A b c d." },
        { "end :", "End," },
        { "…", "," },
        { "Hi!  ", "Hi!" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_python_punc_norm(string input, string expected) =>
        Assert.Equal(expected, PunctuationNormalizer.Normalize(input));

    [Fact]
    public void Rejects_null() => Assert.Throws<ArgumentNullException>(() => PunctuationNormalizer.Normalize(null!));

    // mtl_tts.py punc_norm, worked out by hand: Turbo's rules plus "...", " - " and ";" to commas, CJK enders.
    [Theory]
    [InlineData("hello", "Hello.")]
    [InlineData("Wait... what", "Wait,  what.")]
    [InlineData("Yes - no", "Yes, no.")]
    [InlineData("One; two", "One,  two.")]
    [InlineData("a - b ; c", "A, b,  c.")]
    [InlineData("你好。", "你好。")]
    [InlineData("你好，", "你好，")]
    [InlineData("真的？", "真的？")]
    [InlineData("好！", "好！")]
    [InlineData("一、", "一、")]
    [InlineData("你好", "你好.")]
    [InlineData("", "You need to add some text for me to talk.")]
    public void Multilingual_form_follows_mtl_tts(string text, string expected) =>
        Assert.Equal(expected, PunctuationNormalizer.NormalizeMultilingual(text));

    [Fact]
    public void Turbo_form_keeps_three_dots_and_semicolons() =>
        Assert.Equal("Wait... what; really.", PunctuationNormalizer.Normalize("Wait... what; really"));
}
