using System.CommandLine;
using System.Globalization;
using LocalAi.Speech.Models;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary><c>localai models list</c>: a table of the models in the cache.</summary>
internal static class ModelsListCommand
{
    public static Command Create(CommandConsoles consoles)
    {
        var cache = ModelsOptions.Cache();
        var command = new Command("list", "List the models in the local cache.") { cache };
        command.SetAction((result, _) => consoles.RunAsync(() =>
        {
            using var store = new ModelStore(ModelStoreOptions.FromEnvironment(result.GetValue(cache)));
            var models = store.List();
            if (models.Count == 0)
            {
                consoles.Output.MarkupLine(
                    $"No models in {Markup.Escape(store.Options.CacheDirectory)}. Pull one with: localai models pull chatterbox-turbo");
                return Task.FromResult(0);
            }

            var table = new Table().AddColumns("Model", "Revision", "DTypes", "Size", "Path");
            foreach (var model in models)
            {
                table.AddRow(
                    Markup.Escape(model.ModelId),
                    Markup.Escape(model.Revision),
                    Markup.Escape(string.Join(' ', model.DTypes)),
                    FormatSize(model.SizeBytes),
                    Markup.Escape(model.Directory));
            }

            consoles.Output.Write(table);
            return Task.FromResult(0);
        }));
        return command;
    }

    private static string FormatSize(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double size = bytes;
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{size:0.#} {units[unit]}");
    }
}
