using LocalAi.WebUi.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LocalAi.WebUi.Tests;

/// <summary>With API keys configured the page loads without one, asks for it, and keeps it in the tab's session.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiKeyTests(Browser browser, TtsWorkspace workspace)
{
    private const string Key = "web-ui-secret-key";

    [Fact]
    public async Task The_page_asks_for_the_key_and_then_uses_it()
    {
        await using var server = await workspace.StartAsync([Key]);
        await server.UploadAsync("Keyed", workspace.VoiceClip);
        var page = await browser.NewPageAsync();
        var html = await (await page.GotoAsync(server.Address + "/#voices"))!.TextAsync();
        Assert.DoesNotContain(Key, html, StringComparison.Ordinal);

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "API key required" });
        await Expect(dialog).ToContainTextAsync("Missing API key");
        await dialog.GetByLabel("API key").FillAsync("wrong-key-123");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();

        // A wrong key is refused by the server, so the page asks again with the server's reason.
        await Expect(dialog).ToContainTextAsync("Incorrect API key provided.");
        await dialog.GetByLabel("API key").FillAsync(Key);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();

        await Expect(page.Locator("#voice-list li", new() { HasText = "Keyed" })).ToBeVisibleAsync();
        Assert.Equal(Key, await page.EvaluateAsync<string>("() => sessionStorage.getItem('localai.apiKey')"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Forget API key" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Cancelling_the_prompt_shows_the_refusal()
    {
        await using var server = await workspace.StartAsync([Key]);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#voices");

        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Expect(page.Locator("#voices-notice")).ToContainTextAsync("Could not load the voices: Missing API key");
    }
}
