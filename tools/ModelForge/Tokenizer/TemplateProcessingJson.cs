using System.Text.Json;

namespace LocalAi.ModelForge.Tokenizer;

/// <summary>The pieces of a <c>TemplateProcessing</c> post-processor, as HF tokenizers serialises them.</summary>
internal static class TemplateProcessingJson
{
    /// <summary>A <c>{"Sequence": …}</c> item: the input sequence <paramref name="id"/> (A or B).</summary>
    public static void WriteSequence(Utf8JsonWriter writer, string id, int typeId) => WriteItem(writer, "Sequence", id, typeId);

    /// <summary>A <c>{"SpecialToken": …}</c> item naming an entry of <c>special_tokens</c>.</summary>
    public static void WriteSpecial(Utf8JsonWriter writer, string id, int typeId) => WriteItem(writer, "SpecialToken", id, typeId);

    /// <summary>An entry of <c>special_tokens</c>: one token with one id.</summary>
    public static void WriteSpecialTokenEntry(Utf8JsonWriter writer, string name, int id)
    {
        writer.WriteStartObject(name);
        writer.WriteString("id", name);
        writer.WriteStartArray("ids");
        writer.WriteNumberValue(id);
        writer.WriteEndArray();
        writer.WriteStartArray("tokens");
        writer.WriteStringValue(name);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter writer, string kind, string id, int typeId)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(kind);
        writer.WriteString("id", id);
        writer.WriteNumber("type_id", typeId);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
