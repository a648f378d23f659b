using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LocalAi.Hosting.Configuration;
using LocalAi.Manager;
using LocalAi.Manager.Configuration;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary>
/// <c>localai manager [--config models.json] [--port 8000]</c>: the on-demand model manager; and
/// <c>localai manager gaming-mode on|off</c>, which switches gaming mode on the running manager.
/// </summary>
public static class ManagerCommand
{
    /// <summary>Builds the <c>manager</c> command.</summary>
    /// <param name="output">Where results go; the terminal when null.</param>
    /// <param name="error">Where errors go; standard error when null.</param>
    public static Command Create(IAnsiConsole? output = null, IAnsiConsole? error = null)
    {
        var consoles = CommandConsoles.Create(output, error);
        var config = new Option<string>("--config") { Description = "The models file (schema: deploy/models.schema.json).", DefaultValueFactory = _ => "models.json" };
        var host = new Option<string?>("--host") { Description = "Address to listen on; overrides the file's 'host' (default 0.0.0.0)." };
        var port = new Option<int?>("--port") { Description = "Port to listen on; overrides the file's 'port' (default 8000)." };
        var command = new Command("manager", "Start model backends on demand, proxy the OpenAI routes to them and stop them when idle.") { config, host, port };
        command.Subcommands.Add(GamingModeCommand(consoles));
        command.SetAction((result, cancellationToken) => consoles.RunAsync(async () =>
        {
            ManagerOptions options;
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

                options = ManagerConfiguration.Load(result.GetValue(config)!);
                options = options with { Host = result.GetValue(host) ?? options.Host, Port = result.GetValue(port) ?? options.Port };

                app = ManagerApp.Build(options);
            }
            catch (ManagerConfigurationException e)
            {
                return consoles.Fail(e.Message, 2);
            }

            consoles.Error.MarkupLine($"manager on [bold]http://{Markup.Escape(options.Host)}:{options.Port}[/] with {options.Models.Count} model(s): {Markup.Escape(string.Join(", ", options.Models.Select(m => m.Id)))}.");
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Command GamingModeCommand(CommandConsoles consoles)
    {
        var state = new Argument<string>("state") { Description = "on or off." };
        state.AcceptOnlyFromAmong("on", "off");
        var url = new Option<string>("--url") { Description = "The running manager.", DefaultValueFactory = _ => "http://127.0.0.1:8000" };
        var apiKey = new Option<string?>("--api-key") { Description = "The manager's API key, if it requires one." };
        var command = new Command("gaming-mode", "Stop all GPU backends and refuse GPU starts (on), or allow them again (off).") { state, url, apiKey };
        command.SetAction((result, cancellationToken) => consoles.RunAsync(async () =>
        {
            if (!Uri.TryCreate(result.GetValue(url), UriKind.Absolute, out var manager))
            {
                return consoles.Fail($"--url: '{result.GetValue(url)}' is not an absolute URL.", 2);
            }

            using var client = new HttpClient { BaseAddress = manager, Timeout = TimeSpan.FromMinutes(5) };
            if (result.GetValue(apiKey) is { } key)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            var enabled = result.GetValue(state) == "on";
            HttpResponseMessage response;
            try
            {
                response = await client.PostAsJsonAsync(new Uri("/gaming-mode", UriKind.Relative), new { enabled }, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                return consoles.Fail($"The manager at {client.BaseAddress} did not answer: {e.Message}");
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    return consoles.Fail($"The manager answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
                }
            }

            consoles.Output.MarkupLine(enabled ? "Gaming mode [bold]on[/]: GPU backends stopped; GPU models answer 503 until it is off." : "Gaming mode [bold]off[/].");
            return 0;
        }));
        return command;
    }
}
