using LocalAi.WebUi.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LocalAi.WebUi.Tests;

/// <summary>The voice library page in Chromium against a real tts-server over the tiny model.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VoiceLibraryTests(Browser browser, TtsWorkspace workspace)
{
    private const string AudioHasData = "audio => audio.readyState >= 1 && isFinite(audio.duration) && audio.duration > 0";

    [Fact]
    public async Task An_uploaded_clip_is_listed_and_its_clip_and_preview_play()
    {
        await using var server = await workspace.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#voices");
        await Expect(page.Locator("#voices-empty")).ToBeVisibleAsync();

        await page.Locator("#upload-file").SetInputFilesAsync(workspace.VoiceClip);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Narrator");
        await page.GetByLabel("Aliases").FillAsync("nova, storyteller");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        await Expect(page.Locator("#upload-notice")).ToContainTextAsync("Added the voice “Narrator”");
        var card = page.Locator("#voice-list li", new() { HasText = "Narrator" });
        await Expect(card).ToContainTextAsync("6.0 s");
        await Expect(card).ToContainTextAsync("Aliases: nova, storyteller");
        Assert.Equal(["Narrator"], await server.VoiceNamesAsync());

        await card.GetByRole(AriaRole.Button, new() { Name = "Play the clip of Narrator" }).ClickAsync();
        var audio = card.Locator("audio");
        await page.WaitForFunctionAsync(AudioHasData, await audio.ElementHandleAsync());
        var clipSeconds = await audio.EvaluateAsync<double>("audio => audio.duration");
        Assert.InRange(clipSeconds, 5.9, 6.1);

        await card.GetByRole(AriaRole.Button, new() { Name = "Speak the preview sentence as Narrator" }).ClickAsync();
        await page.WaitForFunctionAsync($"audio => audio.src !== {System.Text.Json.JsonSerializer.Serialize(await audio.GetAttributeAsync("src"))} && ({AudioHasData})(audio)", await audio.ElementHandleAsync());
    }

    [Fact]
    public async Task A_dropped_file_is_uploaded_under_its_file_name()
    {
        await using var server = await workspace.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#voices");
        var dropped = await page.EvaluateHandleAsync(
            """
            base64 => {
              const transfer = new DataTransfer();
              transfer.items.add(new File([Uint8Array.from(atob(base64), c => c.charCodeAt(0))], "Dropped voice.wav", { type: "audio/wav" }));
              return transfer;
            }
            """,
            Convert.ToBase64String(await File.ReadAllBytesAsync(workspace.VoiceClip)));

        await page.Locator("#dropzone").DispatchEventAsync("drop", new { dataTransfer = dropped });
        await Expect(page.Locator("#drop-hint")).ToContainTextAsync("Selected: Dropped voice.wav");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Dropped voice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        await Expect(page.Locator("#voice-list li", new() { HasText = "Dropped voice" })).ToBeVisibleAsync();
        Assert.Equal(["Dropped voice"], await server.VoiceNamesAsync());
    }

    [Fact]
    public async Task A_voice_is_renamed_and_deleted_after_confirmation()
    {
        await using var server = await workspace.StartAsync();
        await server.UploadAsync("First", workspace.VoiceClip);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#voices");

        var card = page.Locator("#voice-list li", new() { HasText = "First" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Rename First or change its aliases" }).ClickAsync();
        await card.GetByLabel("New name").FillAsync("Second");
        await card.GetByLabel("Aliases (comma-separated)").FillAsync("echo");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var renamed = page.Locator("#voice-list li", new() { HasText = "Second" });
        await Expect(renamed).ToContainTextAsync("Aliases: echo");
        Assert.Equal(["Second"], await server.VoiceNamesAsync());

        await renamed.GetByRole(AriaRole.Button, new() { Name = "Delete Second" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Alertdialog);
        await Expect(dialog).ToContainTextAsync("Delete “Second”?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(renamed).ToBeVisibleAsync();
        Assert.Equal(["Second"], await server.VoiceNamesAsync());

        await renamed.GetByRole(AriaRole.Button, new() { Name = "Delete Second" }).ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Delete voice" }).ClickAsync();
        await Expect(page.Locator("#voice-list li")).ToHaveCountAsync(0);
        await Expect(page.Locator("#voices-empty")).ToBeVisibleAsync();
        Assert.Empty(await server.VoiceNamesAsync());
    }

    [Fact]
    public async Task A_rejected_upload_shows_the_servers_message()
    {
        await using var server = await workspace.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#voices");

        await page.Locator("#upload-file").SetInputFilesAsync(workspace.ShortClip);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        var notice = page.Locator("#upload-notice");
        await Expect(notice).ToContainTextAsync("2.0 s long after decoding; a voice needs more than 5 s");
        await Expect(notice).ToHaveAttributeAsync("data-kind", "error");
        await Expect(page.Locator("#voice-list li")).ToHaveCountAsync(0);
    }
}
