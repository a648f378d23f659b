using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using LocalAi.Text;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Models;

/// <summary>Each speech request goes only to the upstreams that serve its model, as each upstream's /v1/models says.</summary>
public sealed class ModelRoutingTests
{
    private static readonly object German = new { model = "chatterbox-multilingual", language = "de", exaggeration = 0.8, input = "Guten Tag.", voice = "alloy" };

    [Fact]
    public async Task The_first_request_after_start_asks_the_upstreams_and_goes_to_the_one_that_serves_its_model()
    {
        await using var turbo = await StartAsync(ModelLists.Turbo);
        await using var multilingual = await StartAsync(ModelLists.Multilingual);
        // Their first probes hang: neither has been seen serving, so only the request itself can ask them for their models.
        turbo.HealthHold = multilingual.HealthHold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", turbo.Address), ("cpu", multilingual.Address)));

        using var german = await router.Client.PostAsJsonAsync("/v1/audio/speech", German);
        using var english = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hello.", voice = "alloy" });
        turbo.HealthHold.SetResult();

        Assert.Equal(HttpStatusCode.OK, german.StatusCode);
        Assert.Equal("cpu", german.Headers.GetValues("X-Upstream").Single());
        Assert.Equal("gpu", english.Headers.GetValues("X-Upstream").Single());
        Assert.Equal(1, turbo.SpeechRequests);
        Assert.Equal(1, multilingual.SpeechRequests);
        var sent = JsonNode.Parse(multilingual.LastBody!)!;
        Assert.Equal("chatterbox-multilingual", sent["model"]!.GetValue<string>());
        Assert.Equal("de", sent["language"]!.GetValue<string>());
        Assert.Equal(0.8, sent["exaggeration"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_model_no_upstream_serves_is_a_404_naming_the_served_models_and_reaches_no_upstream()
    {
        await using var turbo = await StartAsync(ModelLists.Turbo);
        await using var multilingual = await StartAsync(ModelLists.Multilingual);
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", turbo.Address), ("cpu", multilingual.Address)));

        using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "chatterbox-giant", input = "Hi.", voice = "alloy" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("model_not_found", error.Code());
        Assert.Equal("model", error.Param());
        Assert.Contains("chatterbox-multilingual, chatterbox-turbo", error.Message(), StringComparison.Ordinal);
        Assert.Equal(0, turbo.SpeechRequests + multilingual.SpeechRequests);
    }

    [Fact]
    public async Task OpenAI_model_names_reach_turbo_even_when_a_preferred_multilingual_upstream_accepts_them_too()
    {
        await using var multilingual = await StartAsync(ModelLists.List(("chatterbox-multilingual", SpeechLanguages.Multilingual, ["tts-1"])));
        await using var turbo = await StartAsync(ModelLists.List(("chatterbox-turbo", SpeechLanguages.Turbo, [])));
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", multilingual.Address), ("cpu", turbo.Address)));

        foreach (var name in new[] { "tts-1", "tts-1-hd", "gpt-4o-mini-tts" })
        {
            using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = name, input = "Hello.", voice = "alloy" });
            Assert.Equal("cpu", response.Headers.GetValues("X-Upstream").Single());
            // It lists no OpenAI alias, so it is sent its own model's id.
            Assert.Equal("chatterbox-turbo", JsonNode.Parse(turbo.LastBody!)!["model"]!.GetValue<string>());
        }

        Assert.Equal(0, multilingual.SpeechRequests);
    }

    [Fact]
    public async Task Failover_stays_within_the_upstreams_that_serve_the_model()
    {
        await using var broken = await StartAsync(ModelLists.Multilingual, async context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync("{\"error\":{\"message\":\"boom\"}}");
        });
        await using var turbo = await StartAsync(ModelLists.Turbo);
        await using var spare = await StartAsync(ModelLists.Multilingual);
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("a", broken.Address), ("b", turbo.Address), ("c", spare.Address)));

        using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", German);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("c", response.Headers.GetValues("X-Upstream").Single());
        Assert.Equal("true", response.Headers.GetValues("X-Fallback").Single());
        Assert.Equal(1, broken.SpeechRequests);
        Assert.Equal(0, turbo.SpeechRequests);
    }

    [Fact]
    public async Task The_router_lists_the_union_of_its_upstreams_models_with_their_languages()
    {
        await using var turbo = await StartAsync(ModelLists.Turbo);
        await using var multilingual = await StartAsync(ModelLists.Multilingual);
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", turbo.Address), ("cpu", multilingual.Address)));

        using var models = JsonDocument.Parse(await router.Client.GetStringAsync(new Uri("/v1/models", UriKind.Relative)));
        using var audioModels = JsonDocument.Parse(await router.Client.GetStringAsync(new Uri("/v1/audio/models", UriKind.Relative)));
        using var byAlias = JsonDocument.Parse(await router.Client.GetStringAsync(new Uri("/v1/models/tts-1-hd", UriKind.Relative)));
        using var unknown = await router.Client.GetAsync(new Uri("/v1/models/chatterbox-giant", UriKind.Relative));

        var data = models.RootElement.GetProperty("data").EnumerateArray().ToDictionary(model => model.GetProperty("id").GetString()!, Languages);
        Assert.Equal(["chatterbox-multilingual", "chatterbox-turbo"], data.Keys);
        Assert.Equal(SpeechLanguages.Multilingual, data["chatterbox-multilingual"]);
        Assert.Equal(["en"], data["chatterbox-turbo"]);
        var audio = audioModels.RootElement.GetProperty("models").EnumerateArray().ToDictionary(model => model.GetProperty("id").GetString()!, Languages);
        Assert.Equal(data, audio);
        Assert.Equal("chatterbox-turbo", byAlias.RootElement.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("model_not_found", (await ErrorEnvelope.ReadAsync(unknown)).Code());
    }

    [Fact]
    public async Task An_upstream_that_declares_its_models_is_never_asked_and_one_without_a_list_takes_any_model()
    {
        await using var declared = await StartAsync(models: null);
        await using var unlisted = await StartAsync(models: null);
        var options = CoreRouterHost.Options(("ml", declared.Address), ("any", unlisted.Address));
        options = options with { Upstreams = [options.Upstreams[0] with { Models = ["chatterbox-multilingual"] }, options.Upstreams[1]] };
        await using var router = await CoreRouterHost.StartAsync(options);

        using var german = await router.Client.PostAsJsonAsync("/v1/audio/speech", German);
        using var other = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "some-other-model", input = "Hi.", voice = "alloy" });
        using var models = JsonDocument.Parse(await router.Client.GetStringAsync(new Uri("/v1/models", UriKind.Relative)));

        Assert.Equal("ml", german.Headers.GetValues("X-Upstream").Single());
        Assert.Equal("any", other.Headers.GetValues("X-Upstream").Single());
        Assert.Equal(0, declared.ModelListRequests);
        Assert.True(unlisted.ModelListRequests > 0);
        var listed = Assert.Single(models.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("chatterbox-multilingual", listed.GetProperty("id").GetString());
        Assert.Equal(SpeechLanguages.Multilingual, Languages(listed));
    }

    [Fact]
    public async Task An_upstream_whose_model_list_fails_is_not_asked_again_by_every_request()
    {
        await using var upstream = await StartAsync(ModelLists.Turbo);
        upstream.ModelListStatus = StatusCodes.Status500InternalServerError;
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("cpu", upstream.Address)));
        await Poll.UntilAsync(() => upstream.ModelListRequests > 0, "the router to ask for the models");

        var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hello.", voice = "alloy" });
            return response.StatusCode;
        }));

        Assert.All(replies, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(6, upstream.SpeechRequests);
        Assert.InRange(upstream.ModelListRequests, 1, 2);
    }

    [Fact]
    public async Task An_upstream_that_starts_serving_again_is_asked_again()
    {
        await using var upstream = await StartAsync(ModelLists.Turbo);
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("cpu", upstream.Address)));
        await Poll.UntilAsync(() => upstream.ModelListRequests > 0, "the router to ask for the models");
        using var before = await router.Client.PostAsJsonAsync("/v1/audio/speech", German);
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);

        // Restarted with the other model: it fails a probe, then serves again.
        upstream.HealthStatus = StatusCodes.Status503ServiceUnavailable;
        await router.WaitForStateAsync("cpu", "failing");
        upstream.Models = ModelLists.Multilingual;
        upstream.HealthStatus = StatusCodes.Status200OK;
        await router.WaitForStateAsync("cpu", "serving");
        await Poll.UntilAsync(async () =>
        {
            using var after = await router.Client.PostAsJsonAsync("/v1/audio/speech", German);
            return after.StatusCode == HttpStatusCode.OK;
        }, "the multilingual model to be served");

        Assert.Equal(1, upstream.SpeechRequests);
    }

    private static List<string> Languages(JsonElement model) =>
        [.. model.GetProperty("languages").EnumerateArray().Select(code => code.GetString()!)];

    private static async Task<CoreFakeUpstream> StartAsync(string? models, RequestDelegate? v1 = null)
    {
        var upstream = await CoreFakeUpstream.StartAsync(v1);
        upstream.Models = models;
        return upstream;
    }
}
