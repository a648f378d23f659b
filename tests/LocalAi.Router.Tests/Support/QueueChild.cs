using System.Diagnostics;
using System.Text.Json;
using LocalAi.Router.Configuration;
using LocalAi.Router.Queue;
using LocalAi.Router.Speech;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// A router process to kill -9: this test assembly run with itself as a startup hook (see <c>StartupHook</c>). The
/// child accepts two jobs into a SQLite queue, starts delivering the first to an upstream that never answers, says so
/// on stdout, and waits to be killed.
/// </summary>
public static class QueueChild
{
    public const string DataVariable = "LOCALAI_QUEUE_CHILD_DATA";
    public const string FirstInput = "Running when killed.";
    public const string SecondInput = "Queued when killed.";
    private const string Dispatching = "dispatching";

    /// <summary>Runs the child, kills it with SIGKILL while the first job is running, and returns the two job ids.</summary>
    public static async Task<(string First, string Second)> AcceptAndKillMidGenerationAsync(string dataDirectory)
    {
        var assembly = typeof(QueueChild).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { assembly }, RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[DataVariable] = dataDirectory;
        using var child = Process.Start(start)!;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var ids = new List<string>();
            while (true)
            {
                var line = await child.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("The child exited early.");
                if (line.StartsWith("accepted ", StringComparison.Ordinal))
                {
                    ids.Add(line["accepted ".Length..]);
                }
                else if (line == Dispatching)
                {
                    return (ids[0], ids[1]);
                }
            }
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync();
        }
    }

    /// <summary>The child's side; never returns (it is killed).</summary>
    internal static void Run(string dataDirectory)
    {
        var upstreams = ScriptedUpstreams.One(new Uri("http://127.0.0.1:9"), "test", serving: true);
        upstreams.BeforeSend = async (body, cancellationToken) =>
        {
            Console.WriteLine(Dispatching);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        };
        var parts = QueueHost.NewParts(dataDirectory, upstreams, new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(100) });
        var queue = new SpeechJobQueue(parts);
        foreach (var input in new[] { FirstInput, SecondInput })
        {
            var context = new DefaultHttpContext();
            using var response = new MemoryStream();
            context.Response.Body = response;
            var request = SpeechRequest.Parse(JsonSerializer.SerializeToUtf8Bytes(new { model = "tts-1", input, voice = "alloy", response_format = "wav" }));
            queue.AcceptAsync(context, request, null, CancellationToken.None).GetAwaiter().GetResult();
            using var job = JsonDocument.Parse(response.ToArray());
            Console.WriteLine("accepted " + job.RootElement.GetProperty("id").GetString());
        }

        queue.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        Thread.Sleep(Timeout.Infinite);
    }
}
