using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalAi.Router.Queue;

/// <summary>The JSON clients (and webhooks) see for a job.</summary>
internal static class JobJson
{
    public const string RoutePrefix = "/v1/audio/speech/jobs";

    public static string Location(string id) => $"{RoutePrefix}/{id}";

    public static byte[] Serialize(SpeechJob job)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, job);
        }

        return buffer.ToArray();
    }

    public static byte[] SerializeList(IReadOnlyList<SpeechJob> jobs)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (var job in jobs)
            {
                Write(writer, job);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, SpeechJob job)
    {
        writer.WriteStartObject();
        writer.WriteString("id", job.Id);
        writer.WriteString("object", "audio.speech.job");
        writer.WriteString("status", job.Status);
        writer.WriteNumber("created_at", job.CreatedAt.ToUnixTimeSeconds());
        WriteTime(writer, "started_at", job.StartedAt);
        WriteTime(writer, "finished_at", job.FinishedAt);
        writer.WriteNumber("attempts", job.Attempts);
        if (job.QueuePosition is { } position)
        {
            writer.WriteNumber("queue_position", position);
        }

        writer.WritePropertyName("request");
        writer.WriteRawValue(job.Body);
        WriteWebhook(writer, job);
        WriteResult(writer, job);
        writer.WritePropertyName("error");
        if (job.Error is { } error && JsonNode.Parse(error)?["error"] is JsonObject inner)
        {
            inner.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteNumber(name, value.ToUnixTimeSeconds());
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteWebhook(Utf8JsonWriter writer, SpeechJob job)
    {
        if (job.Webhook is null)
        {
            writer.WriteNull("webhook");
            return;
        }

        writer.WriteStartObject("webhook");
        writer.WriteString("url", job.Webhook.AbsoluteUri);
        writer.WriteString("status", job.WebhookState);
        writer.WriteNumber("attempts", job.WebhookAttempts);
        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, SpeechJob job)
    {
        if (job.Status != JobStatus.Completed)
        {
            writer.WriteNull("result");
            return;
        }

        writer.WriteStartObject("result");
        writer.WriteString("upstream", job.Upstream);
        writer.WriteString("content_type", job.ContentType);
        writer.WriteNumber("bytes", job.AudioBytes ?? 0);
        writer.WriteString("url", Location(job.Id) + "/audio");
        writer.WriteEndObject();
    }
}
