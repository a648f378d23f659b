namespace LocalAi.Speech.Benchmarks;

/// <summary>Streaming the paragraph in one format: medians (and fastest runs) of time to the first body byte and to the last.</summary>
internal sealed record TtfaFigures(string Format, int Runs, double FirstByteMs, double TotalMs, double BestFirstByteMs, double BestTotalMs, long Bytes)
{
    /// <summary>How early audio starts, as a share of the whole response time (medians).</summary>
    public double Ratio => FirstByteMs / TotalMs;
}

/// <summary>Times the paragraph through the server, one request at a time, after one warm-up request per format.</summary>
internal static class ServerTtfa
{
    public static readonly string[] Formats = ["pcm", "mp3"];

    public static async Task<TtfaFigures> RunAsync(HttpClient client, string format, int repeat)
    {
        await Paragraph(client, format).ConfigureAwait(false);
        var calls = new List<ServerCall>();
        for (var i = 0; i < repeat; i++)
        {
            calls.Add(await Paragraph(client, format).ConfigureAwait(false));
        }

        if (calls.Select(c => c.Bytes).Distinct().Count() != 1)
        {
            throw new InvalidOperationException($"Greedy {format} responses differ in length: {string.Join(", ", calls.Select(c => c.Bytes))} bytes.");
        }

        return new TtfaFigures(
            format,
            repeat,
            Stats.Median(calls.Select(c => c.FirstByteMs)),
            Stats.Median(calls.Select(c => c.TotalMs)),
            calls.Min(c => c.FirstByteMs),
            calls.Min(c => c.TotalMs),
            calls[0].Bytes);
    }

    private static async Task<ServerCall> Paragraph(HttpClient client, string format) =>
        (await ServerCall.SendAsync(client, ServerInputs.Request(ServerInputs.Paragraph, format, ServerInputs.ParagraphTokens)).ConfigureAwait(false)).EnsureAudio();
}
