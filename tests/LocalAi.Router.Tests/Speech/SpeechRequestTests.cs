using System.Text;
using LocalAi.Hosting.Errors;
using LocalAi.Router.Speech;

namespace LocalAi.Router.Tests.Speech;

public sealed class SpeechRequestTests
{
    [Fact]
    public void Reads_the_routing_fields_and_keeps_the_rest_of_the_body()
    {
        var request = SpeechRequest.Parse(Encoding.UTF8.GetBytes("""{"model":"tts-1","input":"Hi.","voice":{"id":"voice_1"},"response_format":"WAV","speed":1.5,"seed":42,"temperature":0.8,"top_k":50}"""));

        Assert.Equal("tts-1", request.Model);
        Assert.Equal("Hi.", request.Input);
        Assert.Equal("voice_1", request.Voice);
        Assert.Equal("wav", request.ResponseFormat);
        Assert.Equal("audio", request.StreamFormat);
        Assert.Equal(1.5, request.Speed);
        Assert.Equal(42, request.Seed);
        Assert.True(request.IsDeterministic);
        Assert.Equal(50, (int)request.Body["top_k"]!);
    }

    [Theory]
    [InlineData("""{"model":"tts-1","input":"Hi \uDFEF.","voice":"alloy"}""", "input")]
    [InlineData("""{"model":"tts-1\uD800","input":"Hi.","voice":"alloy"}""", "model")]
    [InlineData("""{"model":"tts-1","input":"Hi.","voice":{"id":"v\uDC00"}}""", "id")]
    public void A_string_escaping_half_a_surrogate_pair_is_a_400_naming_its_field(string json, string field)
    {
        var error = Assert.Throws<OpenAiException>(() => SpeechRequest.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal(field, error.Error.Param);
        Assert.Contains("surrogate", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_surrogate_pair_escape_is_text()
    {
        var request = SpeechRequest.Parse("""{"model":"tts-1","input":"Hi \uD83D\uDE00.","voice":"alloy"}"""u8);

        Assert.Equal("Hi \U0001F600.", request.Input);
    }

    [Fact]
    public void Defaults_follow_the_servers_defaults()
    {
        var request = SpeechRequest.Parse("""{"model":"tts-1","input":"Hi."}"""u8);

        Assert.Equal("default", request.Voice);
        Assert.Equal("mp3", request.ResponseFormat);
        Assert.Equal(1, request.Speed);
        Assert.True(request.IsDeterministic);
        Assert.False(SpeechRequest.Parse("""{"model":"m","input":"Hi.","temperature":0.8}"""u8).IsDeterministic);
    }

    [Fact]
    public void Language_is_read_as_the_upstream_reads_it_and_exaggeration_stays_unset_unless_given()
    {
        var german = SpeechRequest.Parse("""{"model":"chatterbox-multilingual","input":"Hallo.","language":" DE ","exaggeration":0.8}"""u8);
        var plain = SpeechRequest.Parse("""{"model":"tts-1","input":"Hi.","language":""}"""u8);

        Assert.Equal("de", german.Language);
        Assert.Equal(0.8, german.Exaggeration);
        Assert.Equal("en", plain.Language);
        Assert.Null(plain.Exaggeration);
    }

    [Theory]
    [InlineData("{", null)]
    [InlineData("[1]", null)]
    [InlineData("""{"input":"Hi."}""", "model")]
    [InlineData("""{"model":"m"}""", "input")]
    [InlineData("""{"model":"m","input":5}""", "input")]
    [InlineData("""{"model":"m","input":"x","speed":"fast"}""", "speed")]
    [InlineData("""{"model":"m","input":"x","seed":1.5}""", "seed")]
    [InlineData("""{"model":"m","input":"x","voice":{}}""", "voice")]
    [InlineData("""{"model":"m","input":"x","language":7}""", "language")]
    [InlineData("""{"model":"m","input":"x","exaggeration":"high"}""", "exaggeration")]
    public void Bad_bodies_are_400s_naming_the_field(string json, string? param)
    {
        var error = Assert.Throws<OpenAiException>(() => SpeechRequest.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal(param, error.Error.Param);
    }
}
