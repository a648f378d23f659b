using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Tests.Support;

/// <summary>A bare Kestrel app on a free loopback port with a passing <c>/health</c>, for an upstream a test shapes itself.</summary>
public static class LoopbackApp
{
    /// <summary>Starts the app with the routes <paramref name="map"/> adds and Kestrel's limits as <paramref name="limits"/> sets them.</summary>
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map, Action<KestrelServerLimits>? limits = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => limits?.Invoke(kestrel.Limits));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/health", () => Microsoft.AspNetCore.Http.Results.Ok());
        map(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>The app's address.</summary>
    public static Uri Address(this WebApplication app) => new(app.Urls.Single());
}
