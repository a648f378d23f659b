using Microsoft.Playwright;

namespace LocalAi.WebUi.Tests.Support;

/// <summary>Debian's Chromium, headless, driven by Playwright; one per test run.</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? chromium;

    /// <summary>Desktop and phone viewports, as the screenshots use them.</summary>
    public static readonly (string Name, ViewportSize Size)[] Viewports =
        [("desktop", new ViewportSize { Width = 1280, Height = 900 }), ("phone", new ViewportSize { Width = 390, Height = 844 })];

    public async Task InitializeAsync()
    {
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LOCALAI_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // Without the networking flags Chromium keeps trying to reach Google's hosts, which this sandbox refuses.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    /// <summary>A fresh page (own storage) at <paramref name="viewport"/> in the given colour scheme.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await chromium!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? Viewports[0].Size, ColorScheme = scheme });
        context.SetDefaultTimeout(20_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }

        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>, ICollectionFixture<TtsWorkspace>
{
    public const string Name = "browser";
}
