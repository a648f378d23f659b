using System.Text.Json;
using LocalAi.Hosting.Errors;

namespace LocalAi.Hosting.Json;

/// <summary>
/// JSON strings that escape half of a UTF-16 surrogate pair (<c>"\uDFEF"</c>): the JSON is well-formed, but no .NET
/// string can hold the value, and reading it throws <see cref="InvalidOperationException"/> wherever it is read.
/// Request bodies are checked once, before anything reads them, so such a string is a 400 like any other bad JSON.
/// </summary>
public static class JsonStrings
{
    /// <summary>Throws a 400 naming the field when a string of <paramref name="json"/> cannot be read as text.</summary>
    /// <exception cref="OpenAiException">A string escapes half of a surrogate pair.</exception>
    public static void EnsureReadable(ReadOnlySpan<byte> json)
    {
        if (UnreadableAt(json) is { } field)
        {
            throw OpenAiErrors.BadRequest(
                $"We could not parse the JSON body of your request{(field.Length == 0 ? "" : $" (at '{field}')")}: a string escapes half of a " +
                "UTF-16 surrogate pair (such as \\uDFEF), which is not text. Send the character itself or its full pair.",
                field.Length == 0 ? null : field);
        }
    }

    /// <summary>
    /// The property whose value (or name) is the first unreadable string (<c>""</c> outside any property), or null
    /// when every string reads or the JSON is malformed (its parser reports that).
    /// </summary>
    public static string? UnreadableAt(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var property = "";
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.String))
                {
                    continue;
                }

                try
                {
                    var text = reader.GetString()!;
                    property = reader.TokenType == JsonTokenType.PropertyName ? text : property;
                }
                catch (InvalidOperationException)
                {
                    return property;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }
}
