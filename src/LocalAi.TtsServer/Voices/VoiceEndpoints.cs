using System.Text.Json;
using LocalAi.Hosting.Bodies;
using LocalAi.Hosting.Errors;
using LocalAi.Hosting.Json;
using LocalAi.Hosting.Limits;
using LocalAi.Speech.Voices;
using LocalAi.TtsServer.Configuration;
using LocalAi.TtsServer.Engine;

namespace LocalAi.TtsServer.Voices;

/// <summary>
/// The voice library over HTTP, in OpenAI's shapes where OpenAI has one: list, upload (multipart <c>name</c>,
/// <c>audio_sample</c> ≤ the upload limit, optional <c>consent</c>, <c>aliases</c> and <c>id</c>), get, rename/re-alias, delete,
/// and the stored sample. An upload is encoded at once when the model is loaded, so its first use is fast.
/// </summary>
internal sealed class VoiceEndpoints(TtsServerOptions options, IVoiceLibrary? library, VoiceResolver resolver, ModelHost host)
{
    private const string UploadExpected = "multipart/form-data with 'name' and 'audio_sample'";
    private static readonly JsonSerializerOptions Json = ServiceJson.Web;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/audio/voices", () => Results.Json(new { voices = (library?.List() ?? []).Select(Describe) }));
        endpoints.MapPost("/v1/audio/voices", (Delegate)UploadAsync);
        endpoints.MapGet("/v1/audio/voices/{id}", (string id) => Results.Json(Describe(Find(id))));
        endpoints.MapMethods("/v1/audio/voices/{id}", ["PATCH"], UpdateAsync);
        endpoints.MapDelete("/v1/audio/voices/{id}", DeleteAsync);
        endpoints.MapGet("/v1/audio/voices/{id}/sample", (string id) =>
        {
            var voice = Find(id);
            return Results.File(Library.ClipPath(voice), "audio/wav", $"{voice.Id}.wav");
        });
    }

    private IVoiceLibrary Library => library ?? throw OpenAiErrors.ServiceUnavailable("This server has no voice library configured.");

    private async Task<IResult> UploadAsync(HttpContext context)
    {
        var form = await BoundedBody.ReadFormAsync(
            context, options.MaxVoiceUploadBytes, RequestBodyLimits.VoiceUploadRequestBytes(options.MaxVoiceUploadBytes), UploadExpected).ConfigureAwait(false);
        var consent = Consent(form["consent"].ToString());
        var name = form["name"].ToString();
        if (string.IsNullOrWhiteSpace(name))
        {
            throw OpenAiErrors.BadRequest("You must provide 'name' for the voice.", "name", "missing_required_parameter");
        }

        var sample = form.Files.GetFile("audio_sample")
            ?? throw OpenAiErrors.BadRequest("You must provide 'audio_sample': a clip of the voice (5–60 s of clean speech).", "audio_sample", "missing_required_parameter");
        var id = RequestedId(form["id"].ToString());
        VoiceInfo voice;
        var audio = sample.OpenReadStream();
        await using (audio.ConfigureAwait(false))
        {
            voice = await Guard(() => id is null
                ? Library.AddAsync(name.Trim(), audio, consent, Aliases(form["aliases"]), context.RequestAborted)
                : Library.AddWithIdAsync(id, name.Trim(), audio, consent, Aliases(form["aliases"]), context.RequestAborted)).ConfigureAwait(false);
        }

        if (host.Synthesizer is { } synthesizer)
        {
            await resolver.ConditionAsync(synthesizer, resolver.FindInLibrary(voice.Id)!, context.RequestAborted).ConfigureAwait(false);
        }

        return Results.Json(
            new { @object = "audio.voice", id = voice.Id, name = voice.Name, created_at = voice.CreatedAt.ToUnixTimeSeconds(), clip_sha256 = voice.ClipSha256 },
            statusCode: StatusCodes.Status201Created);
    }

    // A copy of a voice from another server keeps its id; refused here, before the clip is read, when it cannot be used.
    private string? RequestedId(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!VoiceIds.IsWellFormed(value))
        {
            throw OpenAiErrors.BadRequest($"Invalid 'id' '{value}': a voice id is 'voice_' followed by 16 lower-case hex digits.", "id", "invalid_value");
        }

        return Library.Find(value) is { } owner
            ? throw OpenAiErrors.Conflict($"The id '{value}' is already used by the voice '{owner.Name}' ({owner.Id}).", "id")
            : value;
    }

    // The body is read here rather than bound by the framework, whose refusals of bad JSON are bodiless outside Development.
    private async Task<IResult> UpdateAsync(string id, HttpContext context)
    {
        var patch = await BoundedBody.ReadJsonAsync<VoicePatch>(context.Request, Json, options.MaxRequestBodyBytes).ConfigureAwait(false);
        var current = Find(id);
        var voice = await Guard(() => Library.UpdateAsync(current.Id, patch.Name, patch.Aliases, context.RequestAborted)).ConfigureAwait(false);
        resolver.Forget(current.Id);
        return Results.Json(Describe(voice));
    }

    // Like every {id} route, the path may name the voice by id, name or alias; the answer carries its id.
    private async Task<IResult> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var voice = Find(id);
        if (!await Library.DeleteAsync(voice.Id, cancellationToken).ConfigureAwait(false))
        {
            throw OpenAiErrors.NotFound($"No voice has the id '{id}' (GET /v1/audio/voices lists them).", "id");
        }

        resolver.Forget(voice.Id);
        return Results.Json(new { id = voice.Id, @object = "audio.voice.deleted", deleted = true });
    }

    private VoiceInfo Find(string id) =>
        Library.Find(id) ?? throw OpenAiErrors.NotFound($"No voice has the id, name or alias '{id}' (GET /v1/audio/voices lists them).", "id");

    private object Describe(VoiceInfo voice) => new
    {
        id = voice.Id,
        name = voice.Name,
        aliases = voice.Aliases,
        created_at = voice.CreatedAt.ToUnixTimeSeconds(),
        duration_seconds = Math.Round(voice.DurationSeconds, 3),
        clip_sha256 = voice.ClipSha256,
        consent = voice.Consent,
        conditioning_ready = resolver.IsPrepared(voice),
    };

    // A consent record must be unambiguous: anything but a clear yes or no is refused rather than read as either.
    private static bool Consent(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "" or "false" or "0" or "no" or "off" => false,
        _ => throw OpenAiErrors.BadRequest(
            $"Invalid 'consent': '{value}'. Send true when the speaker consented, false (or nothing) when it was not stated.", "consent", "invalid_value"),
    };

    private static string[]? Aliases(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? null : [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static async Task<VoiceInfo> Guard(Func<Task<VoiceInfo>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (VoiceLibraryException e)
        {
            throw e.Error switch
            {
                VoiceLibraryError.NotFound => OpenAiErrors.NotFound(e.Message, "id"),
                VoiceLibraryError.Conflict => OpenAiErrors.Conflict(e.Message, "name"),
                VoiceLibraryError.InvalidName => OpenAiErrors.BadRequest(e.Message, "name", "invalid_value"),
                VoiceLibraryError.InvalidId => OpenAiErrors.BadRequest(e.Message, "id", "invalid_value"),
                VoiceLibraryError.StorageFull => OpenAiErrors.InsufficientStorage(e.Message),
                _ => OpenAiErrors.BadRequest(e.Message, "audio_sample", "invalid_value"),
            };
        }
    }
}

/// <summary>The body of <c>PATCH /v1/audio/voices/{id}</c>: a new name and/or a new alias list (null leaves it).</summary>
internal sealed record VoicePatch(string? Name, IReadOnlyList<string>? Aliases);
