using LocalAi.WebUi.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LocalAi.WebUi.Tests;

/// <summary>The playground: streamed speech with its timings, the tag buttons and the counter.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PlaygroundTests(Browser browser, TtsWorkspace workspace)
{
    [Theory]
    [InlineData("mp3", "MediaSource")]
    [InlineData("pcm", "Web Audio")]
    public async Task Speak_plays_the_streamed_audio_and_shows_its_timings(string format, string playback)
    {
        await using var server = await workspace.StartAsync();
        await server.UploadAsync("Narrator", workspace.VoiceClip);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#playground");

        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Hello there. This is a second sentence.");
        await page.GetByLabel("Voice", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Narrator" });
        await page.GetByLabel("Format", new() { Exact = true }).SelectOptionAsync(format);
        await page.GetByRole(AriaRole.Button, new() { Name = "Speak", Exact = true }).ClickAsync();

        await Expect(page.Locator("#stat-mode")).ToContainTextAsync(playback);
        await Expect(page.Locator("#stat-duration")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d\d s$"));
        await Expect(page.Locator("#stat-rtf")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d\d$"));
        await Expect(page.Locator("#stat-bytes")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d KiB$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download" })).ToHaveAttributeAsync("download", $"speech.{format}");
        if (format == "mp3")
        {
            // The audio element was fed through MediaSource while the events arrived.
            await page.WaitForFunctionAsync("audio => audio.readyState >= 1 && audio.buffered.length > 0 && audio.buffered.end(0) > 0", await page.Locator("#speak-audio").ElementHandleAsync());
        }

        var duration = double.Parse((await page.Locator("#stat-duration").TextContentAsync())!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(duration > 0, $"audio duration {duration}");
    }

    [Fact]
    public async Task Tag_buttons_insert_at_the_cursor_and_the_counter_follows()
    {
        await using var server = await workspace.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#playground");
        var text = page.GetByLabel("Text", new() { Exact = true });
        await text.FillAsync("Hello world");
        await text.EvaluateAsync("area => area.setSelectionRange(5, 5)");

        await page.GetByRole(AriaRole.Button, new() { Name = "[laugh]" }).ClickAsync();

        await Expect(text).ToHaveValueAsync("Hello [laugh] world");
        await Expect(page.Locator("#speak-counter")).ToHaveTextAsync("19 / 4096 characters");
        Assert.Equal(13, await text.EvaluateAsync<int>("area => area.selectionStart"));
    }
}
