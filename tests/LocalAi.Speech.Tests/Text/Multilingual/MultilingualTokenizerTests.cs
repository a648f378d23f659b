using LocalAi.ModelForge.Tokenizer;
using LocalAi.Speech.Text.Multilingual;
using LocalAi.Text;

namespace LocalAi.Speech.Tests.Text.Multilingual;

/// <summary>The public contract of <see cref="MultilingualTokenizer"/> and each step of its text preparation.</summary>
public class MultilingualTokenizerTests
{
    private static MultilingualTokenizer Tokenizer => MultilingualFiles.Multilingual;

    [Fact]
    public void Encode_wraps_the_prepared_text_in_the_onnx_template()
    {
        var ids = Tokenizer.Encode("Guten Tag", "de");

        Assert.Equal([MultilingualTokenizerJson.ExaggerationId, MultilingualTokenizerJson.StartTextId, MultilingualFiles.IdOf("[de]")], ids[..3]);
        Assert.Equal([MultilingualTokenizerJson.StopTextId, MultilingualTokenizerJson.StartSpeechId, MultilingualTokenizerJson.StartSpeechId], ids[^3..]);
        Assert.Contains((long)MultilingualTokenizerJson.SpaceId, ids);
        Assert.DoesNotContain((long)MultilingualTokenizerJson.UnknownId, ids);
    }

    [Fact]
    public void Encode_equals_the_tokenizer_json_on_the_prepared_text()
    {
        var expected = Tokenizer.Tokenizer.Encode("[fr]bonjour[SPACE]!").Select(id => (long)id);

        Assert.Equal(expected, Tokenizer.Encode("bonjour !", "fr"));
    }

    [Fact]
    public void Forged_merges_join_graphemes_into_longer_tokens()
    {
        // [de], 11 graphemes and [SPACE]: fewer ids than that means BPE merged some graphemes.
        var ids = Tokenizer.Tokenizer.Encode("[de]guten[SPACE]morgen", addSpecialTokens: false);

        Assert.InRange(ids.Length, 3, 12);
        Assert.DoesNotContain(MultilingualTokenizerJson.UnknownId, ids);
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("cs")]
    [InlineData("")]
    public void Unsupported_language_names_the_supported_codes(string language)
    {
        var error = Assert.Throws<ArgumentException>(() => Tokenizer.Encode("hello", language));

        Assert.Equal("language", error.ParamName);
        Assert.Contains(string.Join(", ", SpeechLanguages.Multilingual), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Language_code_is_read_case_and_space_insensitively() =>
        Assert.Equal(Tokenizer.Encode("Hej", "da"), Tokenizer.Encode("Hej", " DA "));

    [Theory]
    [InlineData("hello world", "en", "[en]hello[SPACE]world.")]
    [InlineData("Wait... what; really - yes", "en", "[en]wait,[SPACE][SPACE]what,[SPACE][SPACE]really,[SPACE]yes.")]
    [InlineData("“Quoted” ‘words’", "en", "[en]\"quoted\"[SPACE]'words'.")]
    [InlineData("", "en", "[en]you[SPACE]need[SPACE]to[SPACE]add[SPACE]some[SPACE]text[SPACE]for[SPACE]me[SPACE]to[SPACE]talk.")]
    public void Prepare_applies_the_multilingual_punc_norm(string text, string language, string expected) =>
        Assert.Equal(expected, Tokenizer.Prepare(text, language));

    [Fact]
    public void Prepare_lowercases_like_python_including_the_final_sigma() =>
        Assert.Equal("[el]οδος[SPACE]αθηνας.", Tokenizer.Prepare("ΟΔΟΣ ΑΘΗΝΑΣ", "el"));

    [Fact]
    public void Prepare_lowercases_turkish_dotted_capital_i_to_i_and_combining_dot() =>
        Assert.Equal("[tr]i\u0307zmir.", Tokenizer.Prepare("İzmir", "tr"));

    [Theory]
    [InlineData("Café", "[fr]cafe\u0301.")]
    [InlineData("ﬁn", "[fr]fin.")]
    [InlineData("ＡＢＣ", "[fr]abc.")]
    public void Prepare_applies_nfkd(string text, string expected) =>
        Assert.Equal(expected, Tokenizer.Prepare(text, "fr"));

    [Fact]
    public void Precomposed_and_decomposed_text_give_the_same_ids() =>
        Assert.Equal(Tokenizer.Encode("Ça va, café?", "fr"), Tokenizer.Encode("C\u0327a va, cafe\u0301?", "fr"));

    [Fact]
    public void Korean_syllables_become_jamo() =>
        Assert.Equal("[ko]\u1112\u1161\u11AB\u1100\u116E\u11A8.", Tokenizer.Prepare("한국", "ko"));

    [Fact]
    public void Korean_jamo_step_decomposes_by_the_formula_and_strips() =>
        Assert.Equal("\u1112\u1161\u11AB \u1100\u1173\u11AF", KoreanJamo.Decompose("  한 글 "));

    [Theory]
    [InlineData("がっこう", "[ja]\u304B\u3099\u3063\u3053\u3046.")]
    [InlineData("ガ", "[ja]\u30AB\u3099.")]
    [InlineData("ｶﾞ", "[ja]\u30AB\u3099.")]
    public void Japanese_kana_is_decomposed_and_kept(string text, string expected) =>
        Assert.Equal(expected, Tokenizer.Prepare(text, "ja"));

    [Fact]
    public void Japanese_kana_sentences_meet_no_unknown_token() =>
        Assert.DoesNotContain((long)MultilingualTokenizerJson.UnknownId, Tokenizer.Encode("すみません、トイレはどこですか？ ｶﾀｶﾅ", "ja"));

    [Fact]
    public void Japanese_kanji_stay_as_written() =>
        Assert.Equal("[ja]日本.", Tokenizer.Prepare("日本", "ja"));

    [Fact]
    public void Chinese_is_segmented_with_jieba_and_spelled_in_cangjie_tokens()
    {
        var prepared = Tokenizer.Prepare("我们明天一起去公园散步吧！", "zh");

        Assert.StartsWith("[zh][cj_", prepared, StringComparison.Ordinal);
        Assert.DoesNotMatch("[\u4E00-\u9FFF]", prepared);
        // jieba cuts 我们/明天/一起/去/公园/散步/吧/！: seven spaces between eight words.
        Assert.Equal(7, prepared.Split("[SPACE]").Length - 1);
        Assert.DoesNotContain((long)MultilingualTokenizerJson.UnknownId, Tokenizer.Encode("我们明天一起去公园散步吧！", "zh"));
    }

    [Fact]
    public void Hebrew_and_russian_pass_unchanged_after_the_common_steps()
    {
        Assert.Equal("[he]שלום[SPACE]עולם.", Tokenizer.Prepare("שלום עולם", "he"));
        Assert.Equal("[ru]привет[SPACE]мир.", Tokenizer.Prepare("Привет мир", "ru"));
    }

    [Fact]
    public void Chinese_without_a_cangjie_file_is_refused()
    {
        var tokenizer = MultilingualTokenizer.Load(MultilingualFiles.TokenizerJsonPath, cangjieJsonPath: null);

        Assert.Throws<InvalidOperationException>(() => tokenizer.Encode("你好", "zh"));
        Assert.NotEmpty(tokenizer.Encode("hello", "en"));
    }
}
