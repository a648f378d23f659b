using System.Text.Json;

namespace LocalAi.Hosting.Configuration;

// JSON lets a key appear twice in one object and parsers keep one of them silently: "idleTimeoutSeconds" written
// twice would leave the reader of the file guessing which one the service uses. Refused, naming the second one.
internal static class DuplicateKeys
{
    public static void Refuse(JsonElement element, string at, Func<string, Exception> invalid)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var key = JsonPath.Key(at, property.Name);
                    if (!seen.Add(property.Name))
                    {
                        throw invalid($"{key}: the key '{property.Name}' appears twice in one object; keep one.");
                    }

                    Refuse(property.Value, key, invalid);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Refuse(item, $"{at}[{index++}]", invalid);
                }

                break;
        }
    }
}
