namespace LocalAi.Text.Tests;

/// <summary>Sentence and clause ends of the scripts Chatterbox Multilingual speaks.</summary>
public class TextChunkerScriptTests
{
    [Theory]
    [InlineData("你好。今天天气真不错！我们去公园吧？", "你好。")]
    [InlineData("こんにちは。おげんきですか？", "こんにちは。")]
    [InlineData("「はい。」といった。つぎ", "「はい。」")]
    [InlineData("هل أنت بخير؟ نعم.", "هل أنت بخير؟")]
    [InlineData("مرحبا؟نعم", "مرحبا؟")]
    [InlineData("मेरा नाम राहुल है। आप कैसे हैं?", "मेरा नाम राहुल है।")]
    [InlineData("यह किताब है॥ और", "यह किताब है॥")]
    [InlineData("Τι κάνεις\u037E Καλά.", "Τι κάνεις\u037E")]
    [InlineData("မင်္ဂလာပါ။ နေကောင်းလား", "မင်္ဂလာပါ။")]
    public void Each_script_ends_sentences_at_its_own_marks(string text, string firstSentence) =>
        Assert.Equal(firstSentence, TextChunker.Chunk(text, firstSentenceAlone: true)[0]);

    [Fact]
    public void Chinese_sentences_are_packed_up_to_the_limit() =>
        Assert.Equal(
            ["你好。今天天气真不错！", "我们去公园吧？"],
            TextChunker.Chunk("你好。今天天气真不错！我们去公园吧？", maxChars: 12));

    [Fact]
    public void Arabic_comma_is_a_clause_mark_not_a_sentence_end() =>
        Assert.Equal(
            ["شكرا جزيلا، إلى اللقاء."],
            TextChunker.Chunk("شكرا جزيلا، إلى اللقاء.", firstSentenceAlone: true));

    [Fact]
    public void Long_arabic_sentence_is_cut_at_its_comma() =>
        Assert.Equal(
            ["شكرا جزيلا،", "إلى اللقاء."],
            TextChunker.Chunk("شكرا جزيلا، إلى اللقاء.", maxChars: 15));

    [Fact]
    public void Long_chinese_sentence_is_cut_at_its_commas() =>
        Assert.Equal(
            ["我爱我的家人，", "也爱我的朋友。"],
            TextChunker.Chunk("我爱我的家人，也爱我的朋友。", maxChars: 8));

    [Fact]
    public void Chinese_without_punctuation_is_cut_between_characters()
    {
        var text = new string('中', 25);

        var chunks = TextChunker.Chunk(text, maxChars: 10);

        Assert.Equal([10, 10, 5], chunks.Select(c => c.Length));
        Assert.Equal(text, string.Concat(chunks));
    }
}
