using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Hosting.Speech;
using LocalAi.Text;

namespace LocalAi.Wyoming.Speech;

/// <summary>
/// Speaks through a service's own OpenAI speech API (<c>POST /v1/audio/speech</c> with <c>response_format: pcm</c>,
/// streamed), so a Wyoming synthesis takes exactly the path of an HTTP one: the tts-server's generation slots, limits,
/// metrics and status board; the router's cache, failover and metrics. Voices come from <c>GET /v1/audio/voices</c>.
/// A language other than English picks the first model in <c>GET /v1/models</c> that lists it (the router lists what
/// its upstreams serve), and the voices are listed with every language the models there speak.
/// </summary>
/// <param name="http">A client without a timeout (synthesis is cancelled through the token); disposed with this one.</param>
/// <param name="baseAddress">The service's own address, asked for at each call (it is known only once it listens).</param>
/// <param name="apiKey">A key the service accepts, when it requires one.</param>
public sealed class OpenAiSpeechClient(HttpClient http, Func<Uri> baseAddress, string? apiKey) : IWyomingSpeaker, IDisposable
{
    // The model name every service accepts (an alias of the default model; the router sends it to Turbo).
    private const string DefaultModel = "tts-1";
    private const int ReadBufferBytes = 8192;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<WyomingVoice>> ListVoicesAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, "/v1/audio/voices");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var listed = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false))?["voices"] as JsonArray ?? [];
        var voices = new List<WyomingVoice>();
        var aliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var voice in listed.OfType<JsonObject>())
        {
            var names = (voice["aliases"] as JsonArray ?? []).Select(alias => alias?.GetValue<string>()).OfType<string>().ToList();
            aliases.UnionWith(names);
            if (voice["name"]?.GetValue<string>() is { } name)
            {
                voices.Add(new WyomingVoice(name, names.Count > 0 ? $"A cloned voice; also called {string.Join(", ", names)}." : "A cloned voice."));
            }
        }

        voices.AddRange(OpenAiVoiceNames.All.Where(name => !aliases.Contains(name)).Select(name => new WyomingVoice(name, "The default voice.")));
        var languages = await LanguagesServedAsync(cancellationToken).ConfigureAwait(false);
        return languages.Count == 0 ? voices : [.. voices.Select(voice => voice with { Languages = languages })];
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SpeakAsync(string text, string? voice, string? language, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var speech = new JsonObject { ["input"] = text, ["response_format"] = "pcm" };
        language = SpeechLanguages.Normalize(language);
        speech["model"] = await ModelForAsync(language, cancellationToken).ConfigureAwait(false);
        if (language is not null)
        {
            speech["language"] = language;
        }

        var response = await SendSpeechAsync(speech, voice ?? OpenAiVoiceNames.Default, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.BadRequest && voice is not null && await IsAboutTheVoiceAsync(response, cancellationToken).ConfigureAwait(false))
        {
            response.Dispose();
            response = await SendSpeechAsync(speech, OpenAiVoiceNames.Default, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[ReadBufferBytes];
                var held = 0; // an odd byte waits for the other half of its sample
                while (true)
                {
                    var read = await ReadAsync(body, buffer.AsMemory(held), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    var filled = held + read;
                    var whole = filled - (filled % PcmFormat.SampleWidth);
                    if (whole > 0)
                    {
                        yield return buffer.AsMemory(0, whole).ToArray();
                    }

                    held = filled - whole;
                    buffer.AsSpan(whole, held).CopyTo(buffer);
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendSpeechAsync(JsonObject speech, string voice, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "/v1/audio/speech");
        speech["voice"] = voice;
        request.Content = JsonContent.Create(speech);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
    }

    // English (or no language) keeps the default model; another language goes to the first model that lists it, or to
    // the default one when none does, whose answer then says which model speaks it.
    private async Task<string> ModelForAsync(string? language, CancellationToken cancellationToken)
    {
        if (language is null or SpeechLanguages.Default)
        {
            return DefaultModel;
        }

        try
        {
            var models = await ModelsAsync(cancellationToken).ConfigureAwait(false);
            return models.FirstOrDefault(model => model.Languages.Contains(language)).Id ?? DefaultModel;
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
    }

    // Every language some listed model speaks; none when the list is unavailable (the voices still show).
    private async Task<IReadOnlyList<string>> LanguagesServedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await ModelsAsync(cancellationToken).ConfigureAwait(false)).SelectMany(model => model.Languages).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    // GET /v1/models: each model's id and the languages it lists (none when it lists none, or the answer is no list).
    private async Task<IReadOnlyList<(string? Id, IReadOnlyList<string> Languages)>> ModelsAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, "/v1/models");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        JsonObject? list;
        try
        {
            list = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return [];
        }

        return [.. (list?["data"] as JsonArray ?? []).OfType<JsonObject>().Select(model => (
            Id: (model["id"] as JsonValue)?.TryGetValue(out string? id) == true ? id : null,
            Languages: (IReadOnlyList<string>)[.. (model["languages"] as JsonArray ?? []).OfType<JsonValue>()
                .Select(code => code.TryGetValue(out string? text) ? SpeechLanguages.Normalize(text) : null).OfType<string>()]))];
    }

    private static WyomingSpeechException Unreachable(HttpRequestException e) =>
        new("speech-unavailable", $"The speech service could not be reached: {e.Message}", e);

    private static async Task<int> ReadAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new WyomingSpeechException("speech-interrupted", $"The audio broke off: {e.Message}", e);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(baseAddress(), path));
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return request;
    }

    private static async Task<bool> IsAboutTheVoiceAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        (await ErrorOfAsync(response, cancellationToken).ConfigureAwait(false))?["param"]?.GetValue<string>() == "voice";

    private static async Task<WyomingSpeechException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var error = await ErrorOfAsync(response, cancellationToken).ConfigureAwait(false);
        var code = error?["code"]?.GetValue<string>() ?? error?["type"]?.GetValue<string>() ?? $"http-{(int)response.StatusCode}";
        return new WyomingSpeechException(code, error?["message"]?.GetValue<string>() ?? $"The speech service answered {(int)response.StatusCode}.");
    }

    // The OpenAI error envelope's inner object; read once and kept, so the check for the voice and the failure agree.
    private static async Task<JsonObject?> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false))?["error"] as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
