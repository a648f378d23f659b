using System.Net.Http.Headers;

namespace LocalAi.Router.Voices;

/// <summary>A multipart voice upload as the router sends it on: every text field and file of the client's form, or a copy made from a voice object.</summary>
/// <param name="Fields">Text fields in order (a name may repeat, as <c>aliases</c> may).</param>
/// <param name="Files">Files: field name, file name, media type and bytes.</param>
internal sealed record VoiceUpload(IReadOnlyList<KeyValuePair<string, string>> Fields, IReadOnlyList<VoiceUploadFile> Files)
{
    /// <summary>The upload that stores <paramref name="voice"/> with <paramref name="clip"/> on another upstream, under the same id.</summary>
    public static VoiceUpload CopyOf(UpstreamVoice voice, byte[] clip)
    {
        List<KeyValuePair<string, string>> fields = [new("id", voice.Id), new("name", voice.Name), new("consent", voice.Consent ? "true" : "false")];
        if (voice.Aliases.Count > 0)
        {
            fields.Add(new("aliases", string.Join(',', voice.Aliases)));
        }

        return new VoiceUpload(fields, [new VoiceUploadFile("audio_sample", $"{voice.Id}.wav", "audio/wav", clip)]);
    }

    /// <summary>A fresh body for one request (an HTTP content is consumed by sending it).</summary>
    public MultipartFormDataContent ToContent()
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in Fields)
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var file in Files)
        {
            var bytes = new ByteArrayContent(file.Bytes);
            if (MediaTypeHeaderValue.TryParse(file.MediaType, out var mediaType))
            {
                bytes.Headers.ContentType = mediaType;
            }

            form.Add(bytes, file.Field, file.FileName);
        }

        return form;
    }
}

/// <summary>A file of a <see cref="VoiceUpload"/>.</summary>
internal sealed record VoiceUploadFile(string Field, string FileName, string? MediaType, byte[] Bytes);
