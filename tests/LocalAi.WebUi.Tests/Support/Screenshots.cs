using Microsoft.Playwright;

namespace LocalAi.WebUi.Tests.Support;

/// <summary>Where page screenshots go: $LOCALAI_SCREENSHOTS, else TestResults/screenshots at the repository root.</summary>
internal static class Screenshots
{
    public static string Folder { get; } = Environment.GetEnvironmentVariable("LOCALAI_SCREENSHOTS") ?? Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    /// <summary>Saves a full-page PNG named <c>{name}-{viewport}-{scheme}.png</c> and returns its path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name, string viewport, ColorScheme scheme)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{name}-{viewport}-{scheme.ToString().ToLowerInvariant()}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LocalAi.slnx")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
