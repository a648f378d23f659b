using System.Security.Cryptography;
using LocalAi.Wyoming.Discovery;
using LocalAi.Wyoming.Speech;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalAi.Wyoming.Hosting;

/// <summary>Adds the Wyoming front end to a service, speaking through that service's own OpenAI speech API.</summary>
public static class WyomingServiceCollectionExtensions
{
    /// <summary>
    /// Hosts a <see cref="WyomingServer"/> whose syntheses are <c>POST /v1/audio/speech</c> requests to this very
    /// service on loopback, so they take the HTTP path with everything on it.
    /// </summary>
    /// <param name="services">The service's services.</param>
    /// <param name="options">Port, program description, limits.</param>
    /// <param name="apiKey">A key the service accepts (<see cref="NewInternalApiKey"/>), or null when it needs none.</param>
    public static IServiceCollection AddWyomingFrontEnd(this IServiceCollection services, WyomingServerOptions options, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(provider =>
        {
            var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var server = provider.GetRequiredService<IServer>();
            var speaker = new OpenAiSpeechClient(http, () => OwnAddress(server), apiKey);
            return new WyomingServer(options, speaker, provider.GetRequiredService<ILogger<WyomingServer>>());
        });
        services.AddHostedService(provider => provider.GetRequiredService<WyomingServer>());
        if (options.AnnounceAs is { } role)
        {
            // Registered after the server, so it starts once the server listens and knows its port.
            services.AddSingleton(provider => new WyomingAnnouncer(
                provider.GetRequiredService<WyomingServer>(), role, provider.GetRequiredService<ILogger<WyomingAnnouncer>>()));
            services.AddHostedService(provider => provider.GetRequiredService<WyomingAnnouncer>());
        }

        return services;
    }

    /// <summary>A random key for the front end's own requests, added to the service's keys when it has any.</summary>
    public static string NewInternalApiKey() => "wyoming-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    // Where the service listens, as a loopback address when it listens on every interface.
    private static Uri OwnAddress(IServer server)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new WyomingSpeechException("speech-unavailable", "The speech API is not listening yet.");
        var uri = new UriBuilder(address.Replace("://+:", "://localhost:", StringComparison.Ordinal).Replace("://*:", "://localhost:", StringComparison.Ordinal));
        uri.Host = uri.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" or "::" => "[::1]",
            _ => uri.Host,
        };
        return uri.Uri;
    }
}
