using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Text;

namespace LocalAi.Router.Models;

/// <summary>An upstream that may take a request, and the model name it is sent.</summary>
/// <param name="Upstream">The upstream.</param>
/// <param name="Model">The <c>model</c> it is sent (null: the body had none).</param>
public sealed record ModelRoute(UpstreamOptions Upstream, string? Model);

/// <summary>
/// Which upstreams may take a request for a model, the rule in one place:
/// ① each upstream is sent the name <see cref="ModelRewrite"/> gives it; it takes the request when its list has that
/// name (as an id or an alias), or when it has no list (not asked yet, or it lists none);
/// ② an OpenAI name (<see cref="ServedModel.OpenAiNames"/>) goes to the upstreams that list
/// <see cref="ServedModel.Turbo"/> wherever one does (sent as <c>chatterbox-turbo</c> unless it lists the OpenAI name
/// too), so it keeps reaching the default model even when a multilingual upstream also accepts it, as long as that
/// Turbo speaks the request's language; in a language Turbo does not speak, an upstream whose model of that name does
/// not speak it either is sent <see cref="ServedModel.Multilingual"/> when it lists that and it does (a manager that
/// serves both models under one address); upstreams without a list stay candidates;
/// ③ of those, the upstreams whose model speaks the request's language are kept (upstreams without a list too); when
/// none does, all are kept, so the upstream's own 400 says which model to use.
/// The order of the candidates is kept: failover, least-in-flight and group preference apply within the result.
/// </summary>
internal static class ModelRoutes
{
    /// <param name="model">The client's <c>model</c> (null: the body had none; every upstream may take it).</param>
    /// <param name="candidates">The upstreams in order of preference.</param>
    /// <param name="listOf">An upstream's models, or null when it has no list.</param>
    /// <param name="language">The request's language, normalised (<see cref="SpeechLanguages.Default"/> when it names none).</param>
    public static IReadOnlyList<ModelRoute> For(
        string? model, IReadOnlyList<UpstreamOptions> candidates, Func<UpstreamOptions, IReadOnlyList<ServedModel>?> listOf, string language = SpeechLanguages.Default)
    {
        var routes = ByName(model, candidates, listOf, language);
        var speaking = routes.Where(route => Speaks(listOf(route.Upstream), route.Model, language) != false).ToList();
        return speaking.Count > 0 ? speaking : routes;
    }

    private static List<ModelRoute> ByName(string? model, IReadOnlyList<UpstreamOptions> candidates, Func<UpstreamOptions, IReadOnlyList<ServedModel>?> listOf, string language)
    {
        if (model is null)
        {
            return [.. candidates.Select(upstream => new ModelRoute(upstream, ModelRewrite.For(upstream, null)))];
        }

        var openAi = ServedModel.OpenAiNames.Contains(model.Trim(), StringComparer.OrdinalIgnoreCase);
        var forTurbo = openAi && candidates.Any(upstream => Speaks(listOf(upstream), ModelRewrite.For(upstream, ServedModel.Turbo), language) == true);
        var routes = new List<ModelRoute>();
        foreach (var upstream in candidates)
        {
            var sent = ModelRewrite.For(upstream, model);
            var list = listOf(upstream);
            if (openAi && !forTurbo && Speaks(list, sent, language) != true
                && ModelRewrite.For(upstream, ServedModel.Multilingual) is var multilingual && Speaks(list, multilingual, language) == true)
            {
                routes.Add(new ModelRoute(upstream, multilingual));
            }
            else if (list is null || (!forTurbo && Lists(list, sent)))
            {
                routes.Add(new ModelRoute(upstream, sent));
            }
            else if (forTurbo && ModelRewrite.For(upstream, ServedModel.Turbo) is var turbo && Lists(list, turbo))
            {
                routes.Add(new ModelRoute(upstream, Lists(list, sent) ? sent : turbo));
            }
        }

        return routes;
    }

    private static bool Lists(IReadOnlyList<ServedModel>? list, string? name) =>
        list is not null && name is not null && list.Any(model => model.IsCalled(name.Trim()));

    /// <summary>Whether the model an upstream lists under <paramref name="name"/> speaks <paramref name="language"/>; null when it lists no such model.</summary>
    private static bool? Speaks(IReadOnlyList<ServedModel>? list, string? name, string language) =>
        name is null ? null : list?.FirstOrDefault(model => model.IsCalled(name.Trim()))?.Languages.Contains(language, StringComparer.Ordinal);
}
