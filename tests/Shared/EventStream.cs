using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LocalAi.Testing;

/// <summary>A client of a <c>text/event-stream</c> endpoint that reads it event by event, with a deadline per read.</summary>
internal sealed class EventStream : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private EventStream(HttpResponseMessage response, StreamReader reader)
    {
        this.response = response;
        this.reader = reader;
    }

    public HttpResponseMessage Response => response;

    /// <summary>Comment lines (<c>: …</c>) seen so far.</summary>
    public List<string> Comments { get; } = [];

    public static async Task<EventStream> OpenAsync(HttpClient client, string path, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
    }

    /// <summary>The next event's name and parsed data; null when the stream ended.</summary>
    public async Task<(string Name, JsonElement Data)?> NextAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        string? name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    using var document = JsonDocument.Parse(data.ToString());
                    return (name ?? "message", document.RootElement.Clone());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments.Add(line);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line["data: ".Length..]);
            }
        }

        return null;
    }

    /// <summary>Reads until a comment line (<c>: …</c>) arrives and returns it; fails when an event or the end comes first.</summary>
    public async Task<string> CommentAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith(':'))
            {
                return line;
            }

            Assert.True(line.Length == 0, $"Expected a comment, got '{line}'.");
        }

        Assert.Fail("The event stream ended before a comment.");
        return "";
    }

    /// <summary>Reads events until one's data satisfies <paramref name="wanted"/>; fails when the stream ends first.</summary>
    public async Task<JsonElement> UntilAsync(Func<JsonElement, bool> wanted)
    {
        while (await NextAsync() is { } next)
        {
            Assert.Equal("status", next.Name);
            if (wanted(next.Data))
            {
                return next.Data;
            }
        }

        Assert.Fail("The event stream ended before the awaited status.");
        return default;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
