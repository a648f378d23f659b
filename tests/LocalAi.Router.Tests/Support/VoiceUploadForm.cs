using System.Net.Http.Headers;

namespace LocalAi.Router.Tests.Support;

/// <summary>Uploads a voice (<c>POST /v1/audio/voices</c>, multipart with consent) whose clip is made from <c>seed</c>: different seeds, different clips.</summary>
public static class VoiceUploadForm
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, UpstreamWorkspace workspace, string name, ulong seed = 7, string? aliases = null, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(workspace);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(name), "name");
        form.Add(new StringContent("true"), "consent");
        if (aliases is not null)
        {
            form.Add(new StringContent(aliases), "aliases");
        }

        if (id is not null)
        {
            form.Add(new StringContent(id), "id");
        }

        var sample = new ByteArrayContent(await File.ReadAllBytesAsync(workspace.WriteClip(name.Replace(' ', '-'), seed: seed)));
        sample.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(sample, "audio_sample", "clip.wav");
        return await client.PostAsync(new Uri("/v1/audio/voices", UriKind.Relative), form);
    }
}
