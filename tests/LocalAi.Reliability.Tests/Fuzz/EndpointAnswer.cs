using System.Net;
using LocalAi.Testing;

namespace LocalAi.Reliability.Tests.Fuzz;

/// <summary>What a fuzzed request to a server may get back: its success status, or a 4xx in the OpenAI error envelope; never a 5xx.</summary>
internal static class EndpointAnswer
{
    /// <summary>The longest a fuzzed request may take before it counts as a hang.</summary>
    public static TimeSpan HangLimit => TimeSpan.FromSeconds(30);

    /// <summary>Reads the whole answer, failing on a 5xx, a 4xx without the envelope, or a success other than <paramref name="success"/>.</summary>
    public static async Task AssertDocumentedAsync(HttpResponseMessage response, HttpStatusCode success, string sent)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == success)
        {
            await response.Content.LoadIntoBufferAsync();
            return;
        }

        Assert.True(status is >= 400 and < 500, $"{status} for {sent}: {await response.Content.ReadAsStringAsync()}");
        await ErrorEnvelope.ReadAsync(response);
    }
}
