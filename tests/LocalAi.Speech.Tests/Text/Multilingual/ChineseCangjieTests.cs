using LocalAi.Speech.Text.Multilingual;

namespace LocalAi.Speech.Tests.Text.Multilingual;

public class ChineseCangjieTests
{
    // 你 and 好 share a code, so 好 (listed second) gets index 1; 我 is listed twice and keeps its later code.
    private static readonly string[] Entries = ["你\tonf", "好\tonf", "我\thqi", "我\tmmm", "中\tl\textra field"];

    [Fact]
    public void Glyphs_become_one_token_per_code_letter_then_the_terminator() =>
        Assert.Equal("[cj_l][cj_.]", Converter(text => [text]).Convert("中"));

    [Fact]
    public void Glyphs_sharing_a_code_get_their_index_appended() =>
        Assert.Equal("[cj_o][cj_n][cj_f][cj_.][cj_o][cj_n][cj_f][cj_1][cj_.]", Converter(text => [text]).Convert("你好"));

    [Fact]
    public void A_glyph_listed_twice_keeps_its_later_code() =>
        Assert.Equal("[cj_m][cj_m][cj_m][cj_.]", Converter(text => [text]).Convert("我"));

    [Fact]
    public void Glyphs_missing_from_the_table_and_other_text_stay_as_they_are() =>
        Assert.Equal("[cj_l][cj_.]国, ok", Converter(text => [text]).Convert("中国, ok"));

    [Fact]
    public void Words_of_the_segmenter_are_joined_by_spaces() =>
        Assert.Equal("[cj_l][cj_.] [cj_l][cj_.]", Converter(text => [.. text.Select(c => c.ToString())]).Convert("中中"));

    [Fact]
    public void A_file_that_is_not_an_array_of_strings_is_refused()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{\"not\": \"an array\"}");

        Assert.Throws<InvalidDataException>(() => ChineseCangjie.Load(path, text => [text]));
    }

    private static ChineseCangjie Converter(Func<string, IReadOnlyList<string>> segment)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(Entries));
        return ChineseCangjie.Load(path, segment);
    }
}
