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
