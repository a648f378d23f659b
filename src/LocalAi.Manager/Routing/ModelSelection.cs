using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Hosting.Bodies;
using LocalAi.Hosting.Errors;
using LocalAi.Hosting.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace LocalAi.Manager.Routing;

/// <summary>
/// Finds the <c>model</c> a request names, as llama-swap does: the top-level field of a JSON body, the field of a
/// multipart or url-encoded form, else <c>?model=</c>. A body is read once into memory and replayed upstream, and
/// the model can be rewritten in it (<c>useModelName</c>).
/// </summary>
internal sealed class ModelSelection
{
    private readonly HttpRequest request;
    private readonly BodyKind kind;
    private byte[]? body;

    private ModelSelection(HttpRequest request, BodyKind kind, byte[]? body, string? model)
    {
        this.request = request;
        this.kind = kind;
        this.body = body;
        Model = model;
    }

    private enum BodyKind
    {
        None,
        Json,
        Multipart,
        Form,
    }

    public string? Model { get; }

    public static async Task<ModelSelection> ReadAsync(HttpRequest request, long maxBytes)
    {
        var kind = KindOf(request);
        if (kind == BodyKind.None)
        {
            return new ModelSelection(request, kind, null, QueryModel(request));
        }

        var bytes = await BoundedBody.ReadBytesAsync(request, maxBytes).ConfigureAwait(false);
        var model = kind switch
        {
            BodyKind.Json => JsonModel(bytes),
            BodyKind.Multipart => await MultipartModelAsync(bytes, Boundary(request)).ConfigureAwait(false),
            _ => FormModel(bytes),
        };
        return new ModelSelection(request, kind, bytes, model ?? QueryModel(request));
    }

    /// <summary>Makes the request say <paramref name="upstreamName"/> wherever it named the model.</summary>
    public async Task RewriteModelAsync(string upstreamName)
    {
        if (request.Query.ContainsKey("model"))
        {
            var query = QueryHelpers.ParseQuery(request.QueryString.Value);
            query["model"] = upstreamName;
            request.QueryString = QueryString.Create(query);
        }

        body = kind switch
        {
            BodyKind.Json when body is not null && JsonNode.Parse(body) is JsonObject json && json.ContainsKey("model") => RewriteJson(json, upstreamName),
            BodyKind.Multipart when body is not null => await RewriteMultipartAsync(body, Boundary(request), upstreamName).ConfigureAwait(false),
            BodyKind.Form when body is not null => RewriteForm(body, upstreamName),
            _ => body,
        };
    }

    /// <summary>Puts the body that was read back on the request, so the proxy sends it upstream.</summary>
    public void Replay()
    {
        if (body is null)
        {
            return;
        }

        request.Body = new MemoryStream(body, writable: false);
        request.Headers.Remove(HeaderNames.TransferEncoding);
        request.ContentLength = body.Length;
    }

    private static BodyKind KindOf(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsDelete(request.Method) || request.ContentType is null)
        {
            return BodyKind.None;
        }

        if (BoundedBody.IsJson(request.ContentType))
        {
            return BodyKind.Json;
        }

        return request.HasFormContentType
            ? (request.ContentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) ? BodyKind.Multipart : BodyKind.Form)
            : BodyKind.None;
    }

    private static string? QueryModel(HttpRequest request) => request.Query.TryGetValue("model", out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;

    private static string? JsonModel(byte[] bytes)
    {
        JsonStrings.EnsureReadable(bytes);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String
                ? model.GetString()
                : null;
        }
        catch (JsonException e)
        {
            throw OpenAiErrors.BadRequest($"We could not parse the JSON body of your request: {e.Message}");
        }
    }

    private static string? FormModel(byte[] bytes) =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes)).TryGetValue("model", out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;

    private static async Task<string?> MultipartModelAsync(byte[] bytes, string boundary)
    {
        var reader = new MultipartReader(boundary, new MemoryStream(bytes, writable: false));
        while (await reader.ReadNextSectionAsync().ConfigureAwait(false) is { } section)
        {
            if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFormDisposition() && disposition.Name.Value == "model")
            {
                return (await new StreamReader(section.Body, Encoding.UTF8).ReadToEndAsync().ConfigureAwait(false)).Trim();
            }
        }

        return null;
    }

    private static byte[] RewriteJson(JsonObject json, string upstreamName)
    {
        json["model"] = upstreamName;
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }

    private static byte[] RewriteForm(byte[] bytes, string upstreamName)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes));
        form["model"] = upstreamName;
        return Encoding.UTF8.GetBytes(QueryString.Create(form).Value![1..]);
    }

    // Rebuilds the form section by section with the same boundary, replacing only the model field's value.
    private static async Task<byte[]> RewriteMultipartAsync(byte[] bytes, string boundary, string upstreamName)
    {
        var reader = new MultipartReader(boundary, new MemoryStream(bytes, writable: false));
        using var output = new MemoryStream();
        while (await reader.ReadNextSectionAsync().ConfigureAwait(false) is { } section)
        {
            Write(output, $"--{boundary}\r\n");
            foreach (var (name, values) in section.Headers ?? [])
            {
                Write(output, $"{name}: {values}\r\n");
            }

            Write(output, "\r\n");
            if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFormDisposition() && disposition.Name.Value == "model")
            {
                Write(output, upstreamName);
            }
            else
            {
                await section.Body.CopyToAsync(output).ConfigureAwait(false);
            }

            Write(output, "\r\n");
        }

        Write(output, $"--{boundary}--\r\n");
        return output.ToArray();
    }

    private static void Write(MemoryStream output, string text) => output.Write(Encoding.UTF8.GetBytes(text));

    private static string Boundary(HttpRequest request) =>
        HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value
            ?? throw OpenAiErrors.BadRequest("The multipart body has no boundary.");
}
