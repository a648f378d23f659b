using System.CommandLine;
using LocalAi.Speech.Models;

namespace LocalAi.Cli.Commands;

/// <summary>Arguments and options the models subcommands share.</summary>
internal static class ModelsOptions
{
    public static Argument<string> Model() => new("model")
    {
        Description = $"The model to act on: {string.Join(", ", ModelCatalog.All.Select(m => m.Id))}.",
    };

    public static Option<string?> Cache() => new("--cache")
    {
        Description = "The cache folder (default: LOCALAI_CACHE, else $HF_HOME/localai, else ~/.cache/huggingface/localai).",
    };

    public static Option<string?> Revision() => new("--revision")
    {
        Description = "The branch, tag or commit of the Hugging Face repository (default: the catalogue's: main for Turbo, a pinned commit for Multilingual).",
    };
}
