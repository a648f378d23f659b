using System.Text.Json.Nodes;
using CsCheck;

namespace LocalAi.Reliability.Tests.Fuzz;

/// <summary>
/// JSON documents for the fuzzers: a valid template with a few of its values replaced by hostile ones, members removed
/// or added, and sometimes the text itself damaged (cut short, a key repeated, a character changed).
/// </summary>
internal static class JsonGen
{
    /// <summary>Values that have broken parsers before: extreme numbers, path tricks, placeholders, control and zero-width characters.</summary>
    private static readonly JsonNode?[] Hostile =
    [
        null, true, false, 0, -1, 1, 0.5, -0.0, 1e308, -1e308, 1e-308, int.MaxValue, int.MinValue, long.MaxValue, 2147482647, 4294967296,
        "", " ", "../x", "we/ird", "a\\b", "\0", "\u200b\u200b", "\uFEFF", "${PORT}", "${env.X}", "${env.UNSET}", "${", "http://", "http://[::1",
        "http://user:pass@127.0.0.1:1/", "ftp://127.0.0.1/", "0x7f000001", "-5", "1e308", "NaN", "true", new string('x', 300), "tts-1", "TTS-1",
        new JsonArray(), new JsonObject(), new JsonArray(1, "a", null), new JsonObject { ["type"] = "process" },
    ];

    /// <summary>Mutations of <paramref name="template"/>, shrinking toward the fewest changes.</summary>
    public static Gen<string> Mutations(string template) =>
        from seed in Gen.Int
        from changes in Gen.Int[1, 4]
        from textDamage in Gen.Frequency((6, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3)))
        select Mutate(template, new Random(seed), changes, textDamage);

    private static string Mutate(string template, Random random, int changes, int textDamage)
    {
        var root = JsonNode.Parse(template)!;
        for (var i = 0; i < changes; i++)
        {
            root = Change(root, random);
        }

        var text = root?.ToJsonString() ?? "null";
        return textDamage switch
        {
            1 => text[..random.Next(text.Length + 1)],
            2 => RepeatAKey(text, random),
            3 => text.Remove(random.Next(text.Length), 1).Insert(random.Next(text.Length - 1), ((char)random.Next(32, 127)).ToString()),
            _ => text,
        };
    }

    /// <summary>Replaces, removes or adds one value somewhere in the tree (the root itself may be replaced).</summary>
    private static JsonNode? Change(JsonNode? root, Random random)
    {
        var containers = new List<JsonNode>();
        Collect(root, containers);
        if (containers.Count == 0 || random.Next(20) == 0)
        {
            return HostileValue(random);
        }

        switch (containers[random.Next(containers.Count)])
        {
            case JsonObject obj when obj.Count > 0 && random.Next(3) > 0:
                var key = obj.ElementAt(random.Next(obj.Count)).Key;
                if (random.Next(4) == 0)
                {
                    obj.Remove(key);
                }
                else
                {
                    obj[key] = HostileValue(random);
                }

                break;
            case JsonObject obj:
                obj[random.Next(2) == 0 ? $"extra{random.Next(10)}" : ""] = HostileValue(random);
                break;
            case JsonArray array when array.Count > 0 && random.Next(3) > 0:
                array[random.Next(array.Count)] = HostileValue(random);
                break;
            case JsonArray array:
                array.Add(HostileValue(random));
                break;
        }

        return root;
    }

    private static void Collect(JsonNode? node, List<JsonNode> containers)
    {
        switch (node)
        {
            case JsonObject obj:
                containers.Add(obj);
                foreach (var (_, child) in obj)
                {
                    Collect(child, containers);
                }

                break;
            case JsonArray array:
                containers.Add(array);
                foreach (var child in array)
                {
                    Collect(child, containers);
                }

                break;
        }
    }

    private static JsonNode? HostileValue(Random random) => Hostile[random.Next(Hostile.Length)]?.DeepClone();

    /// <summary>Writes one member's key a second time inside the same object: <c>{"a":1}</c> becomes <c>{"a":1,"a":1}</c>.</summary>
    private static string RepeatAKey(string text, Random random)
    {
        var at = text.IndexOf("\":", random.Next(text.Length), StringComparison.Ordinal);
        var start = at < 0 ? -1 : text.LastIndexOf('"', at - 1);
        return start < 0 ? text : text.Insert(start, text[start..(at + 2)] + "null,");
    }
}
