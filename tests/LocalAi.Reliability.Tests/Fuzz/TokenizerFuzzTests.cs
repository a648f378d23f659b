using CsCheck;
using LocalAi.Reliability.Tests.Support;
using Xunit.Abstractions;
using LocalAi.Speech.Text;

namespace LocalAi.Reliability.Tests.Fuzz;

/// <summary>
/// The <c>tokenizer.json</c> reader on damaged files: a tokenizer that encodes and decodes, or its documented
/// refusals (<see cref="InvalidDataException"/> for a malformed file, <see cref="NotSupportedException"/> for a
/// component it does not implement), never any other exception.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class TokenizerFuzzTests(ITestOutputHelper output)
{
    // Every component the reader implements, small: byte-level BPE over "ab", an added special token, a template.
    private const string TokenizerFile = """
        {"version":"1.0","truncation":null,"padding":null,
         "added_tokens":[{"id":6,"content":"<s>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
         "normalizer":{"type":"Sequence","normalizers":[{"type":"Lowercase"}]},
         "pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"use_regex":true},
         "post_processor":{"type":"TemplateProcessing","single":"<s> $A <s>:0","pair":"$A $B","special_tokens":{"<s>":{"id":"<s>","ids":[6],"tokens":["<s>"]}}},
         "decoder":{"type":"ByteLevel"},
         "model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2,"Ġ":3,"Ġa":4,"<unk>":5},"merges":["a b","Ġ a"],"unk_token":"<unk>"}}
        """;

    [Fact]
    public void The_template_is_valid_so_the_mutations_start_from_a_good_file() =>
        Assert.Equal([6, 2, 3, 2, 6], BpeTokenizer.Parse(TokenizerFile).Encode("AB ab"));

    [Fact]
    public void Damaged_tokenizer_files_load_and_encode_or_fail_as_documented() =>
        JsonGen.Mutations(TokenizerFile).Sample(LoadsOrRefuses, writeLine: output.WriteLine, time: ReliabilityBudget.FuzzSeconds, threads: 1);

    // Found by the fuzzer: a file cut short threw the JSON reader's exception, which names no file.
    [Fact]
    public void A_tokenizer_file_cut_short_is_invalid_data_naming_the_file()
    {
        var error = Assert.Throws<InvalidDataException>(() => BpeTokenizer.Parse(TokenizerFile[..(TokenizerFile.Length / 2)]));
        Assert.StartsWith("tokenizer.json", error.Message, StringComparison.Ordinal);
    }

    // Found by the fuzzer: a vocab id written as a string threw JsonElement's InvalidOperationException, and two vocab
    // tokens with one id threw ArgumentException.
    [Theory]
    [InlineData("\"b\":\"one\"")]
    [InlineData("\"b\":0")]
    public void A_tokenizer_file_with_a_wrong_or_repeated_vocab_id_is_invalid_data(string entry) =>
        Assert.Throws<InvalidDataException>(() => BpeTokenizer.Parse(TokenizerFile.Replace("\"b\":1", entry, StringComparison.Ordinal)));

    // Found by the fuzzer: an added token whose content is null threw NullReferenceException.
    [Fact]
    public void A_tokenizer_file_with_a_null_added_token_is_invalid_data() =>
        Assert.Throws<InvalidDataException>(() => BpeTokenizer.Parse(TokenizerFile.Replace("\"content\":\"<s>\"", "\"content\":null", StringComparison.Ordinal)));

    private static void LoadsOrRefuses(string json)
    {
        try
        {
            var tokenizer = BpeTokenizer.Parse(json);
            var ids = tokenizer.Encode("Ab ba <s> x\u200b\0 é");
            tokenizer.Decode(ids);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            // The documented refusals.
        }
    }
}
