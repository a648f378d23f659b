using LocalAi.Router.Configuration;
using LocalAi.Router.Models;
using LocalAi.Text;

namespace LocalAi.Router.Tests.Models;

/// <summary>The rule that picks the upstreams for a model, apart from any HTTP.</summary>
public sealed class ModelRoutesTests
{
    private static readonly UpstreamOptions Turbo = Upstream("turbo");
    private static readonly UpstreamOptions Multilingual = Upstream("multilingual");
    private static readonly UpstreamOptions Unasked = Upstream("unasked");

    private static readonly Dictionary<string, IReadOnlyList<ServedModel>> Lists = new()
    {
        ["turbo"] = [new ServedModel("chatterbox-turbo", ["tts-1"], SpeechLanguages.Turbo)],
        ["multilingual"] = [new ServedModel("chatterbox-multilingual", ["tts-1"], SpeechLanguages.Multilingual)],
        ["rewritten"] = [new ServedModel("turbo-v2", [], SpeechLanguages.Turbo)],
        ["manager"] = [new ServedModel("chatterbox-turbo", ["tts-1"], SpeechLanguages.Turbo), new ServedModel("chatterbox-multilingual", [], SpeechLanguages.Multilingual)],
    };

    [Fact]
    public void A_model_goes_to_the_upstreams_that_list_it_and_to_those_without_a_list_in_the_given_order()
    {
        var routes = ModelRoutes.For("CHATTERBOX-MULTILINGUAL", [Unasked, Turbo, Multilingual], ListOf);

        Assert.Equal([("unasked", "CHATTERBOX-MULTILINGUAL"), ("multilingual", "CHATTERBOX-MULTILINGUAL")], Names(routes));
    }

    [Fact]
    public void An_OpenAI_name_goes_to_turbo_wherever_an_upstream_lists_it_and_else_wherever_the_name_is_listed()
    {
        Assert.Equal([("turbo", "tts-1")], Names(ModelRoutes.For("tts-1", [Multilingual, Turbo], ListOf)));
        Assert.Equal([("multilingual", "tts-1")], Names(ModelRoutes.For("tts-1", [Multilingual], ListOf)));
    }

    [Fact]
    public void An_OpenAI_name_in_a_language_turbo_does_not_speak_goes_to_the_upstreams_whose_model_speaks_it()
    {
        Assert.Equal([("multilingual", "tts-1")], Names(ModelRoutes.For("tts-1", [Turbo, Multilingual], ListOf, "fr")));
        Assert.Equal([("unasked", "tts-1"), ("multilingual", "tts-1")], Names(ModelRoutes.For("tts-1", [Unasked, Turbo, Multilingual], ListOf, "fr")));
        Assert.Equal([("turbo", "tts-1")], Names(ModelRoutes.For("tts-1", [Multilingual, Turbo], ListOf, "en")));
    }

    [Fact]
    public void An_OpenAI_name_in_another_language_is_sent_as_the_multilingual_model_to_an_upstream_serving_both()
    {
        var manager = Upstream("manager");

        Assert.Equal([("manager", "chatterbox-multilingual")], Names(ModelRoutes.For("tts-1", [manager], ListOf, "es")));
        Assert.Equal([("manager", "tts-1")], Names(ModelRoutes.For("tts-1", [manager], ListOf, "en")));
        Assert.Equal([("manager", "chatterbox-multilingual")], Names(ModelRoutes.For("gpt-4o-mini-tts", [Turbo, manager], ListOf, "ja")));
    }

    [Fact]
    public void When_no_listed_model_speaks_the_language_the_routes_stay_so_the_upstream_says_which_model_to_use()
    {
        Assert.Equal([("turbo", "chatterbox-turbo")], Names(ModelRoutes.For("chatterbox-turbo", [Turbo, Multilingual], ListOf, "de")));
        Assert.Equal([("turbo", "tts-1")], Names(ModelRoutes.For("tts-1", [Turbo], ListOf, "de")));
    }

    [Fact]
    public void Rewrites_decide_the_name_an_upstream_is_checked_and_sent_with()
    {
        var rewritten = Upstream("rewritten") with { ModelRewrites = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["chatterbox-turbo"] = "turbo-v2" } };
        var fixedModel = Upstream("turbo") with { Model = "chatterbox-turbo" };

        Assert.Equal([("rewritten", "turbo-v2")], Names(ModelRoutes.For("chatterbox-turbo", [rewritten, Multilingual], ListOf)));
        Assert.Equal([("rewritten", "turbo-v2")], Names(ModelRoutes.For("tts-1-hd", [rewritten], ListOf)));
        Assert.Equal([("turbo", "chatterbox-turbo")], Names(ModelRoutes.For("anything", [fixedModel], ListOf)));
        Assert.Equal([("turbo", null), ("multilingual", null)], Names(ModelRoutes.For(null, [Turbo, Multilingual], ListOf)));
    }

    private static IReadOnlyList<ServedModel>? ListOf(UpstreamOptions upstream) => Lists.GetValueOrDefault(upstream.Name);

    private static List<(string, string?)> Names(IReadOnlyList<ModelRoute> routes) => [.. routes.Select(route => (route.Upstream.Name, route.Model))];

    private static UpstreamOptions Upstream(string name) => new() { Name = name, Url = new Uri($"http://{name}:8006") };
}
