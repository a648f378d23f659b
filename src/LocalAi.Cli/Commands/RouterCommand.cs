using System.CommandLine;
using LocalAi.Hosting.Configuration;
using LocalAi.Router;
using LocalAi.Router.Configuration;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary>
/// <c>localai router [--config router.json] [--port 8080] [--upstream NAME=URL …]</c>: one address in front of
/// tts-servers and managers, with health-aware failover.
/// </summary>
public static class RouterCommand
{
    /// <summary>Builds the <c>router</c> command.</summary>
    /// <param name="output">Where results go; the terminal when null.</param>
    /// <param name="error">Where errors go; standard error when null.</param>
    public static Command Create(IAnsiConsole? output = null, IAnsiConsole? error = null)
    {
        var consoles = CommandConsoles.Create(output, error);
        var config = new Option<string>("--config") { Description = "The router file (schema: deploy/router.schema.json); optional when --upstream is given.", DefaultValueFactory = _ => "router.json" };
        var host = new Option<string?>("--host") { Description = "Address to listen on; overrides the file's 'host' (default 0.0.0.0)." };
        var port = new Option<int?>("--port") { Description = "Port to listen on; overrides the file's 'port' (default 8080)." };
        var wyomingPort = new Option<int?>("--wyoming-port") { Description = "Also speak Home Assistant's Wyoming protocol on this TCP port (usually 10200); overrides the file's 'wyomingPort'." };
        var wyomingAnnounce = new Option<bool>("--wyoming-announce") { Description = "Announce the Wyoming port as _wyoming._tcp on the local network (needs avahi-daemon) so Home Assistant discovers it; sets the file's 'wyomingAnnounce'." };
        var upstreams = new Option<string[]>("--upstream") { Description = "NAME=URL, in order of preference; repeat it. Replaces the file's upstreams.", AllowMultipleArgumentsPerToken = false };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the queue, the cache and other state live; overrides the file's 'dataDirectory'." };
        var apiKey = new Option<string[]>("--api-key") { Description = "Require this API key (Bearer); repeat it for more. Replaces the file's keys." };
        var command = new Command("router", "One address for every client: health-aware failover across tts-servers and managers.") { config, host, port, wyomingPort, wyomingAnnounce, upstreams, dataDir, apiKey };
        command.SetAction((result, cancellationToken) => consoles.RunAsync(async () =>
        {
            RouterOptions options;
            IHost app;
            try
            {
                if (result.GetValue(host) is { } chosenHost && ListenAddress.HostProblem(chosenHost) is { } hostProblem)
                {
                    return consoles.Fail($"--host {hostProblem}", 2);
                }

                if (result.GetValue(port) is { } chosenPort && ListenAddress.PortProblem(chosenPort) is { } portProblem)
                {
                    return consoles.Fail($"--port {portProblem}", 2);
                }

                options = Options(result.GetValue(config)!, result.GetResult(config) is { Implicit: false }, result.GetValue(upstreams) ?? []);
                options = options with
                {
                    Host = result.GetValue(host) ?? options.Host,
                    Port = result.GetValue(port) ?? options.Port,
                    WyomingPort = result.GetValue(wyomingPort) ?? options.WyomingPort,
                    WyomingAnnounce = result.GetValue(wyomingAnnounce) || options.WyomingAnnounce,
                    DataDirectory = result.GetValue(dataDir) ?? options.DataDirectory,
                    ApiKeys = result.GetValue(apiKey) is { Length: > 0 } keys
                        ? [.. keys.Select((key, i) => new ApiKeyOptions { Key = key, Name = $"key{i + 1}" })]
                        : options.ApiKeys,
                };
                app = RouterApp.Build(options);
            }
            catch (RouterConfigurationException e)
            {
                return consoles.Fail(e.Message, 2);
            }

            consoles.Error.MarkupLine($"router on [bold]http://{Markup.Escape(options.Host)}:{options.Port}[/] in front of {Markup.Escape(string.Join(", ", options.Upstreams.Select(u => $"{u.Name} ({u.Url})")))}.");
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    // The file when it exists (or was named); flags alone are enough for a quick start without one.
    private static RouterOptions Options(string path, bool named, string[] upstreams)
    {
        var flagUpstreams = upstreams.Select(Upstream).ToList();
        if (flagUpstreams.GroupBy(u => u.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new RouterConfigurationException($"--upstream: the name '{twice.Key}' is used twice.");
        }

        if (!named && !File.Exists(path))
        {
            return flagUpstreams.Count > 0
                ? new RouterOptions { DataDirectory = RouterConfiguration.DefaultDataDirectory, Upstreams = flagUpstreams }
                : throw new RouterConfigurationException($"No '{path}' here: pass --config FILE (see deploy/router.example.json) or at least one --upstream NAME=URL.");
        }

        var options = RouterConfiguration.Load(path);
        return flagUpstreams.Count > 0 ? options with { Upstreams = flagUpstreams } : options;
    }

    private static UpstreamOptions Upstream(string text, int index)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var name = equals > 0 ? text[..equals] : $"upstream{index + 1}";
        var url = equals > 0 ? text[(equals + 1)..] : text;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? new UpstreamOptions { Name = name, Url = uri }
            : throw new RouterConfigurationException($"--upstream '{text}': expected NAME=URL with an absolute http(s) URL, e.g. gpu=http://gaming-pc:8000.");
    }
}
