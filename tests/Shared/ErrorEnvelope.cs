using System.Text.Json;

namespace LocalAi.Testing;

/// <summary>Reads and checks an OpenAI error envelope: all four keys present, param and code possibly null.</summary>
internal static class ErrorEnvelope
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _), "param must be written, null or not");
        Assert.True(error.TryGetProperty("code", out _), "code must be written, null or not");
        return error.Clone();
    }

    public static string? Param(this JsonElement error) => error.GetProperty("param").GetString();

    public static string? Code(this JsonElement error) => error.GetProperty("code").GetString();

    public static string Type(this JsonElement error) => error.GetProperty("type").GetString()!;

    public static string Message(this JsonElement error) => error.GetProperty("message").GetString()!;
}
