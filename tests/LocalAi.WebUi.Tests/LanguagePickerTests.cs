using System.Text.Json;
using LocalAi.WebUi.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LocalAi.WebUi.Tests;

/// <summary>The language pickers of the playground and the voice previews, shown when the served model lists more than one language.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguagePickerTests(Browser browser, TtsWorkspace workspace)
{
    [Fact]
    public async Task Turbo_shows_no_language_picker_and_sends_no_language()
    {
        await using var server = await workspace.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#playground");
        await Expect(page.GetByLabel("Voice", new() { Exact = true }).Locator("option")).Not.ToHaveCountAsync(0);

        var sent = page.WaitForRequestAsync(request => request.Url.EndsWith("/v1/audio/speech", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Speak", Exact = true }).ClickAsync();

        await Expect(page.GetByLabel("Language", new() { Exact = true })).ToBeHiddenAsync();
        Assert.False(Body(await sent).TryGetProperty("language", out _));
    }

    [Fact]
    public async Task The_playground_offers_the_multilingual_models_languages_and_sends_the_chosen_one()
    {
        await using var server = await workspace.StartLazyAsync("chatterbox-multilingual");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#playground");
        var language = page.GetByLabel("Language", new() { Exact = true });
        await Expect(language).ToBeVisibleAsync();
        await Expect(language.Locator("option")).ToHaveCountAsync(23);
        await Expect(language).ToHaveValueAsync("en");

        await language.SelectOptionAsync(new SelectOptionValue { Label = "French (fr)" });
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Bonjour à tous.");
        await Screenshots.SaveAsync(page, "playground-languages", "desktop", ColorScheme.Light);
        var sent = page.WaitForRequestAsync(request => request.Url.EndsWith("/v1/audio/speech", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Speak", Exact = true }).ClickAsync();

        var body = Body(await sent);
        Assert.Equal("fr", body.GetProperty("language").GetString());
        Assert.Equal("chatterbox-multilingual", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_voice_preview_speaks_in_the_chosen_language()
    {
        await using var server = await workspace.StartLazyAsync("chatterbox-multilingual");
        await server.UploadAsync("Narrator", workspace.VoiceClip);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#voices");
        await Expect(page.Locator("#voice-list li")).ToHaveCountAsync(1);

        await page.GetByLabel("Preview language", new() { Exact = true }).SelectOptionAsync("de");
        await page.GetByLabel("Preview sentence", new() { Exact = true }).FillAsync("Hallo! So klinge ich.");
        await Screenshots.SaveAsync(page, "voices-languages", "desktop", ColorScheme.Light);
        var sent = page.WaitForRequestAsync(request => request.Url.EndsWith("/v1/audio/speech", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Speak the preview sentence as Narrator", Exact = true }).ClickAsync();

        var body = Body(await sent);
        Assert.Equal("de", body.GetProperty("language").GetString());
        Assert.Equal("Hallo! So klinge ich.", body.GetProperty("input").GetString());
    }

    private static JsonElement Body(IRequest request) => JsonDocument.Parse(request.PostData!).RootElement.Clone();
}
