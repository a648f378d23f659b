using LocalAi.Speech.Text;

namespace LocalAi.Speech.Tests.Text;

/// <summary>Small hand-written tokenizer.json files: every supported option, and clear errors for the rest.</summary>
public class TokenizerJsonFormatTests
{
    // Vocab over the byte-level letters of "ab" plus merges; "Ġ" is the byte-level space.
    private const string Vocab = """{"a":0,"b":1,"ab":2,"Ġ":3,"Ġa":4,"<unk>":5,"<s>":6,"<0x63>":7}""";

    private static string File(
        string model = $$"""{"type":"BPE","vocab":{{Vocab}},"merges":["a b","Ġ a"]}""",
        string preTokenizer = """{"type":"ByteLevel","add_prefix_space":false,"use_regex":true}""",
        string normalizer = "null",
        string postProcessor = "null",
        string addedTokens = "[]",
        string decoder = """{"type":"ByteLevel"}""",
        string truncation = "null") =>
        $$"""
        {"version":"1.0","truncation":{{truncation}},"padding":null,"added_tokens":{{addedTokens}},
         "normalizer":{{normalizer}},"pre_tokenizer":{{preTokenizer}},"post_processor":{{postProcessor}},
         "decoder":{{decoder}},"model":{{model}}}
        """;

    [Fact]
    public void Merges_in_array_form_equal_string_form()
    {
        var strings = BpeTokenizer.Parse(File());
        var arrays = BpeTokenizer.Parse(File(model: $$"""{"type":"BPE","vocab":{{Vocab}},"merges":[["a","b"],["Ġ","a"]]}"""));
        Assert.Equal([2, 3, 2], strings.Encode("ab ab"));
        Assert.Equal(strings.Encode("ab ab"), arrays.Encode("ab ab"));
    }

    [Fact]
    public void Unknown_characters_use_unk_token_and_fuse_when_asked()
    {
        const string Unfused = $$"""{"type":"BPE","vocab":{{Vocab}},"merges":[],"unk_token":"<unk>"}""";
        const string Fused = $$"""{"type":"BPE","vocab":{{Vocab}},"merges":[],"unk_token":"<unk>","fuse_unk":true}""";
        Assert.Equal([0, 5, 5, 1], BpeTokenizer.Parse(File(model: Unfused)).Encode("axyb"));
        Assert.Equal([0, 5, 1], BpeTokenizer.Parse(File(model: Fused)).Encode("axyb"));
        // Without an unk_token the characters vanish and their neighbours may merge, as in HF.
        Assert.Equal([2], BpeTokenizer.Parse(File()).Encode("axyb"));
    }

    [Fact]
    public void Byte_fallback_spells_unknown_characters_as_byte_tokens()
    {
        const string Model = $$"""{"type":"BPE","vocab":{{Vocab}},"merges":[],"byte_fallback":true,"unk_token":"<unk>"}""";
        var tokenizer = BpeTokenizer.Parse(File(model: Model, preTokenizer: "null", decoder: "null"));
        Assert.Equal([0, 7, 5], tokenizer.Encode("acd"));
    }

    [Fact]
    public void Ignore_merges_takes_whole_vocab_words()
    {
        // Without merges "ab" stays two symbols unless ignore_merges finds the whole word in the vocab.
        const string Model = $$"""{"type":"BPE","vocab":{{Vocab}},"merges":[],"ignore_merges":true}""";
        Assert.Equal([2], BpeTokenizer.Parse(File(model: Model)).Encode("ab"));
        Assert.Equal([0, 1], BpeTokenizer.Parse(File(model: $$"""{"type":"BPE","vocab":{{Vocab}},"merges":[]}""")).Encode("ab"));
    }

    [Fact]
    public void Add_prefix_space_and_lowercase_normalizer_apply()
    {
        var tokenizer = BpeTokenizer.Parse(File(
            preTokenizer: """{"type":"Sequence","pretokenizers":[{"type":"ByteLevel","add_prefix_space":true,"use_regex":true}]}""",
            normalizer: """{"type":"Sequence","normalizers":[{"type":"Lowercase"}]}"""));
        // " ab": "a b" outranks "Ġ a", so the pair merges first.
        Assert.Equal([3, 2], tokenizer.Encode("AB"));
    }

    [Fact]
    public void Template_in_string_form_and_processor_sequence_wrap_the_ids()
    {
        const string Post = """
            {"type":"Sequence","processors":[{"type":"ByteLevel","trim_offsets":true},
             {"type":"TemplateProcessing","single":"<s> $A <s>:0","pair":"$A $B",
              "special_tokens":{"<s>":{"id":"<s>","ids":[6],"tokens":["<s>"]}}}]}
            """;
        var tokenizer = BpeTokenizer.Parse(File(postProcessor: Post));
        Assert.Equal([6, 2, 6], tokenizer.Encode("ab"));
        Assert.Equal([2], tokenizer.Encode("ab", addSpecialTokens: false));
    }

    [Fact]
    public void Truncation_keeps_room_for_the_template()
    {
        const string Post = """
            {"type":"TemplateProcessing","single":[{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"<s>","type_id":0}}],
             "special_tokens":{"<s>":{"id":"<s>","ids":[6],"tokens":["<s>"]}}}
            """;
        var tokenizer = BpeTokenizer.Parse(File(
            postProcessor: Post, truncation: """{"direction":"Right","max_length":3,"strategy":"LongestFirst","stride":0}"""));
        Assert.Equal([2, 4, 6], tokenizer.Encode("ab a b"));
        Assert.Equal([2, 4, 3], tokenizer.Encode("ab a b", addSpecialTokens: false));
    }

    [Theory]
    [InlineData("normalizer", """{"type":"NFKC"}""", "normalizer type 'NFKC'")]
    [InlineData("pre_tokenizer", """{"type":"Metaspace"}""", "pre_tokenizer type 'Metaspace'")]
    [InlineData("normalizer", """{"type":"Replace","pattern":{"Regex":" +"},"content":" "}""", "pattern")]
    [InlineData("post_processor", """{"type":"RobertaProcessing"}""", "post_processor type 'RobertaProcessing'")]
    [InlineData("decoder", """{"type":"WordPiece"}""", "decoder type 'WordPiece'")]
    [InlineData("model", """{"type":"WordPiece","vocab":{}}""", "model type 'WordPiece'")]
    public void Unsupported_components_fail_at_load_naming_the_type(string component, string node, string message)
    {
        var json = component switch
        {
            "normalizer" => File(normalizer: node),
            "pre_tokenizer" => File(preTokenizer: node),
            "post_processor" => File(postProcessor: node),
            "decoder" => File(decoder: node),
            _ => File(model: node),
        };
        var error = Assert.Throws<NotSupportedException>(() => BpeTokenizer.Parse(json));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_merges_fail_at_load()
    {
        var error = Assert.Throws<InvalidDataException>(() => BpeTokenizer.Parse(
            File(model: $$"""{"type":"BPE","vocab":{{Vocab}},"merges":["a q"]}""")));
        Assert.Contains("'q'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropout_is_refused() =>
        Assert.Throws<NotSupportedException>(() => BpeTokenizer.Parse(
            File(model: $$"""{"type":"BPE","vocab":{{Vocab}},"merges":[],"dropout":0.1}""")));
}
