using LocalAi.Speech.Voices;

namespace LocalAi.Speech.Tests.Voices;

public sealed class VoiceNamesTests
{
    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".")]
    [InlineData("...")]
    [InlineData("a..b")]
    [InlineData(" bob")]
    [InlineData("bob ")]
    [InlineData("bob\n")]
    [InlineData("tab\there")]
    [InlineData("colon:x")]
    [InlineData("nul\0x")]
    public void Rejects_paths_separators_dots_and_odd_characters(string name)
    {
        Assert.False(VoiceNames.IsValid(name));
        var error = Assert.Throws<VoiceLibraryException>(() => VoiceNames.Validate(name));
        Assert.Equal(VoiceLibraryError.InvalidName, error.Error);
    }

    [Fact]
    public void Rejects_null_and_says_why()
    {
        Assert.False(VoiceNames.IsValid(null));
        Assert.Contains("empty", Assert.Throws<VoiceLibraryException>(() => VoiceNames.Validate(null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sixty_five_characters_are_too_many_and_the_message_says_so()
    {
        var error = Assert.Throws<VoiceLibraryException>(() => VoiceNames.Validate(new string('a', 65), "alias"));

        Assert.Contains("alias", error.Message, StringComparison.Ordinal);
        Assert.Contains("65", error.Message, StringComparison.Ordinal);
        Assert.Contains("64", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bob")]
    [InlineData("my voice-1.v2")]
    [InlineData("Zoë")]
    [InlineData("语音")]
    [InlineData("_x")]
    [InlineData(".hidden-looking")]
    [InlineData("a")]
    public void Accepts_plain_names(string name)
    {
        Assert.True(VoiceNames.IsValid(name));
        VoiceNames.Validate(name);
    }

    [Fact]
    public void Sixty_four_characters_are_allowed() => Assert.True(VoiceNames.IsValid(new string('a', 64)));
}
