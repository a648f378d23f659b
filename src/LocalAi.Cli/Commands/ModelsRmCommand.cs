using System.CommandLine;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary><c>localai models rm</c>: removes a model, or one dtype of it, from the cache.</summary>
internal static class ModelsRmCommand
{
    public static Command Create(CommandConsoles consoles)
    {
        var model = ModelsOptions.Model();
        var dtype = new Option<string?>("--dtype")
        {
            Description = "Remove only this dtype's graph files (fp32, fp16, q8, q4 or q4f16); shared files stay while another dtype needs them.",
        };
        var revision = ModelsOptions.Revision();
        var cache = ModelsOptions.Cache();
        var command = new Command("rm", "Remove a model (or one dtype of it) from the local cache.") { model, dtype, revision, cache };
        command.SetAction((result, cancellationToken) => consoles.RunAsync(async () =>
        {
            var id = result.GetValue(model)!;
            var one = result.GetValue(dtype) is { } text ? ModelDTypes.Parse(text) : (ModelDType?)null;
            using var store = new ModelStore(ModelStoreOptions.FromEnvironment(result.GetValue(cache)));
            var what = one is { } d ? $"{id} ({d.CliName()})" : id;
            if (!await store.RemoveAsync(id, one, result.GetValue(revision), cancellationToken).ConfigureAwait(false))
            {
                return consoles.Fail($"{what} is not installed in {store.Options.CacheDirectory}.");
            }

            consoles.Output.MarkupLine($"[green]Removed[/] {Markup.Escape(what)} from {Markup.Escape(store.Options.CacheDirectory)}");
            return 0;
        }));
        return command;
    }
}
