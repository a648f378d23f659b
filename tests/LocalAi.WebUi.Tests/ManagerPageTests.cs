using System.Net;
using System.Text.Json;
using LocalAi.WebUi.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LocalAi.WebUi.Tests;

/// <summary>The manager's backends page, live from its status events, against a real manager and backend process.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ManagerPageTests(Browser browser)
{
    [Fact]
    public async Task Gaming_mode_stops_the_gpu_backend_and_the_page_shows_it_live()
    {
        await using var manager = await RunningManager.StartAsync();
        await manager.WakeAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(manager.Address + "/");

        var card = page.Locator("article[data-model='tts']");
        await Expect(card.Locator(".badge")).ToHaveTextAsync("ready");
        await Expect(card).ToContainTextAsync("2,048 MiB");
        await Expect(page.Locator("#manager-live")).ToHaveTextAsync("Live");

        var gaming = page.GetByRole(AriaRole.Switch, new() { Name = "Gaming mode" });
        await Expect(gaming).ToHaveAttributeAsync("aria-checked", "false");
        await gaming.ClickAsync();

        await Expect(gaming).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(card.Locator(".badge")).ToHaveTextAsync("stopped");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Unload tts" })).ToBeDisabledAsync();
        using (var state = JsonDocument.Parse(await manager.Client.GetStringAsync(new Uri("/gaming-mode", UriKind.Relative))))
        {
            Assert.True(state.RootElement.GetProperty("enabled").GetBoolean());
        }

        await gaming.ClickAsync();
        await Expect(gaming).ToHaveAttributeAsync("aria-checked", "false");
    }

    [Fact]
    public async Task Unload_stops_a_ready_backend()
    {
        await using var manager = await RunningManager.StartAsync();
        await manager.WakeAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(manager.Address + "/");
        var card = page.Locator("article[data-model='tts']");
        await Expect(card.Locator(".badge")).ToHaveTextAsync("ready");
        await Expect(card).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Idle stop\s*in [45]:\d\d"));

        await card.GetByRole(AriaRole.Button, new() { Name = "Unload tts" }).ClickAsync();

        await Expect(card.Locator(".badge")).ToHaveTextAsync("stopped");
        await Expect(page.Locator("#manager-notice")).ToHaveTextAsync("Unloaded tts.");
    }

    [Fact]
    public async Task The_old_html_table_is_gone_and_the_page_needs_no_key()
    {
        await using var manager = await RunningManager.StartAsync();

        using var response = await manager.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("ui/manager/app.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table>", html, StringComparison.Ordinal);
    }
}
