using LocalAi.WebUi.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LocalAi.WebUi.Tests;

/// <summary>
/// Every page at desktop and phone width, light and dark, saved as PNG for review (see <see cref="Screenshots"/>);
/// each must fit its width without sideways scrolling.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(Browser browser, TtsWorkspace workspace)
{
    public static TheoryData<string, ColorScheme> Layouts()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var (viewport, _) in Browser.Viewports)
        {
            data.Add(viewport, ColorScheme.Light);
            data.Add(viewport, ColorScheme.Dark);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Tts_pages(string viewport, ColorScheme scheme)
    {
        await using var server = await workspace.StartAsync();
        await server.UploadAsync("Narrator", workspace.VoiceClip);
        var page = await browser.NewPageAsync(Browser.Viewports.Single(v => v.Name == viewport).Size, scheme);

        await page.GotoAsync(server.Address + "/#voices");
        await Expect(page.Locator("#voice-list li")).ToHaveCountAsync(1);
        await SaveAsync(page, "voices", viewport, scheme);

        await page.GetByRole(AriaRole.Link, new() { Name = "Playground" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Speak", Exact = true }).ClickAsync();
        await Expect(page.Locator("#stat-rtf")).Not.ToHaveTextAsync("—");
        await SaveAsync(page, "playground", viewport, scheme);

        await page.GetByRole(AriaRole.Link, new() { Name = "Status" }).ClickAsync();
        await Expect(page.Locator("#recent-rows tr")).ToHaveCountAsync(1);
        await SaveAsync(page, "status", viewport, scheme);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Manager_page(string viewport, ColorScheme scheme)
    {
        await using var manager = await RunningManager.StartAsync();
        await manager.WakeAsync();
        var page = await browser.NewPageAsync(Browser.Viewports.Single(v => v.Name == viewport).Size, scheme);

        await page.GotoAsync(manager.Address + "/");
        await Expect(page.Locator("article[data-model='tts'] .badge")).ToHaveTextAsync("ready");
        await SaveAsync(page, "manager", viewport, scheme);
    }

    private static async Task SaveAsync(IPage page, string name, string viewport, ColorScheme scheme)
    {
        var path = await Screenshots.SaveAsync(page, name, viewport, scheme);
        Assert.True(new FileInfo(path).Length > 1000, path);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{name} ({viewport}) is {overflow} px wider than the window");
    }
}
