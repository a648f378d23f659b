using LocalAi.Router.Configuration;

namespace LocalAi.Router.Dispatch;

/// <summary>The model name an upstream is sent: its fixed <see cref="UpstreamOptions.Model"/>, else a rewrite of the client's name, else the client's name.</summary>
internal static class ModelRewrite
{
    public static string? For(UpstreamOptions upstream, string? asked)
    {
        if (upstream.Model is { } fixedModel)
        {
            return fixedModel;
        }

        if (asked is null)
        {
            return null;
        }

        foreach (var (from, to) in upstream.ModelRewrites)
        {
            if (string.Equals(from, asked, StringComparison.OrdinalIgnoreCase))
            {
                return to;
            }
        }

        return asked;
    }
}
