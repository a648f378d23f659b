using LocalAi.WebUi.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace LocalAi.WebUi.Tests;

/// <summary>The tts-server's status page, live from <c>/v1/status/events</c>.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StatusPageTests(Browser browser, TtsWorkspace workspace)
{
    [Fact]
    public async Task The_status_shows_the_model_and_a_finished_request_appears_live()
    {
        await using var server = await workspace.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Address + "/#status");

        await Expect(page.Locator("#status-live")).ToHaveTextAsync("Live");
        var facts = page.Locator("#status-facts");
        await Expect(facts).ToContainTextAsync("chatterbox-turbo");
        await Expect(facts).ToContainTextAsync("q4");
        await Expect(facts.Locator(".badge")).ToHaveTextAsync("healthy");
        await Expect(facts).ToContainTextAsync("0 of 1");
        await Expect(facts).ToContainTextAsync("chosen automatically");
        await Expect(facts.Locator(".fact-note")).ToContainTextAsync("on the CPU a step of 2 rows of a 4-bit language model (q4)");
        await Expect(page.Locator("#recent-rows tr")).ToHaveCountAsync(0);

        using var content = new StringContent("""{"model":"tts-1","input":"Counted.","voice":"alloy","response_format":"wav"}""", System.Text.Encoding.UTF8, "application/json");
        (await server.Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), content)).Dispose();

        var row = page.Locator("#recent-rows tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("completed");
        await Expect(row).ToContainTextAsync("wav");
    }
}
