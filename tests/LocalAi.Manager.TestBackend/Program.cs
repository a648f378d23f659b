using System.Text.Json;

// A stand-in model server for the manager tests. Flags:
//   --port N               listen on 127.0.0.1:N
//   --health-delay-ms N    /health answers 503 for N ms after start
//   --never-healthy        /health always answers 503
//   --starts-file PATH     appends one line per start, so tests count starts across processes
//   --manager PATH         instead of all that: runs a real manager over the models file PATH (the orphan tests
//                          kill it with SIGKILL, which they cannot do to the test process)
// POST /v1/audio/transcriptions (multipart) echoes the model and the file's length.
// POST /v1/audio/speech {"input": …}: "crash" exits the process; "stream" sends a first chunk, then waits for
// POST /release before the last; anything else answers audio bytes. The model it was asked for is echoed in X-Model.
if (Value("--manager") is { } modelsFile)
{
    await LocalAi.Manager.ManagerApp.Build(LocalAi.Manager.Configuration.ManagerConfiguration.Load(modelsFile)).RunAsync();
    return;
}

var port = Value("--port") ?? "0";
var healthDelay = TimeSpan.FromMilliseconds(double.Parse(Value("--health-delay-ms") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
var neverHealthy = args.Contains("--never-healthy");
if (Value("--starts-file") is { } startsFile)
{
    File.AppendAllText(startsFile, $"{Environment.ProcessId}{Environment.NewLine}");
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Logging.ClearProviders();
var app = builder.Build();
var started = DateTimeOffset.UtcNow;
var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

app.MapGet("/health", () => !neverHealthy && DateTimeOffset.UtcNow - started >= healthDelay
    ? Results.Json(new { status = "healthy" })
    : Results.Json(new { status = "loading" }, statusCode: 503));
app.MapPost("/release", () => release.TrySetResult());
app.MapGet("/v1/audio/voices", (string? model) => Results.Json(new { model, voices = new[] { "alloy" } }));
app.MapPatch("/v1/audio/voices/{id}", (string id, string? model) => Results.Json(new { id, model, renamed = true }));
app.MapPost("/v1/audio/transcriptions", async (HttpRequest request) =>
{
    var form = await request.ReadFormAsync();
    return Results.Json(new { model = form["model"].ToString(), file = form.Files.Single().Length });
}).DisableAntiforgery();
app.MapPost("/v1/audio/speech", async (HttpContext context) =>
{
    using var body = await JsonDocument.ParseAsync(context.Request.Body);
    var input = body.RootElement.GetProperty("input").GetString();
    context.Response.Headers["X-Model"] = body.RootElement.TryGetProperty("model", out var model) ? model.GetString() : "";
    if (input == "crash")
    {
        Console.WriteLine("crashing on request");
        Environment.Exit(3);
    }

    context.Response.ContentType = "audio/wav";
    context.Response.Headers["X-Accel-Buffering"] = "no";
    await context.Response.WriteAsync("first-chunk;");
    await context.Response.Body.FlushAsync();
    if (input == "stream")
    {
        await release.Task.WaitAsync(context.RequestAborted);
    }

    await context.Response.WriteAsync("last-chunk");
});

Console.WriteLine($"test backend starting on port {port}");
if (neverHealthy)
{
    Console.WriteLine("loading forever: health will never pass");
}

await app.RunAsync();

string? Value(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
