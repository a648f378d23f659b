using System.CommandLine;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary><c>localai models pull</c>: downloads a model (and the default voice) into the cache.</summary>
internal static class ModelsPullCommand
{
    public static Command Create(CommandConsoles consoles)
    {
        var model = ModelsOptions.Model();
        var dtype = new Option<string>("--dtype")
        {
            Description = "Weights to download: fp32, fp16, q8, q4 or q4f16, optionally per graph (\"q4,embed_tokens=fp16\"). chatterbox-multilingual publishes its language model in fp32, fp16, q4 and q4f16 and its other graphs in fp32, which every choice takes.",
            DefaultValueFactory = _ => ModelDType.Q4.CliName(),
        };
        var revision = ModelsOptions.Revision();
        var cache = ModelsOptions.Cache();
        var endpoint = new Option<string?>("--endpoint") { Description = "The hub or a mirror (default: HF_ENDPOINT, else https://huggingface.co)." };
        var token = new Option<string?>("--token") { Description = "A Hugging Face access token (default: HF_TOKEN)." };
        var noVoice = new Option<bool>("--no-voice") { Description = "Do not download the default voice." };

        var command = new Command("pull", "Download a model from Hugging Face into the local cache.") { model, dtype, revision, cache, endpoint, token, noVoice };
        command.SetAction((result, cancellationToken) => consoles.RunAsync(async () =>
        {
            var dtypes = GraphDTypes.Parse(result.GetValue(dtype)!);
            var options = ModelStoreOptions.FromEnvironment(result.GetValue(cache), result.GetValue(endpoint), result.GetValue(token));
            using var store = new ModelStore(options);
            var pull = new ModelPullOptions { Revision = result.GetValue(revision), IncludeVoice = !result.GetValue(noVoice) };
            var installed = await consoles.Output.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                .StartAsync(context => store.PullAsync(result.GetValue(model)!, dtypes, pull, new PullProgressBars(context), cancellationToken))
                .ConfigureAwait(false);

            consoles.Output.MarkupLine(
                $"[green]Pulled[/] {Markup.Escape(installed.ModelId)} ({Markup.Escape(dtypes.ToString())}) into {Markup.Escape(installed.Directory)}");
            if (pull.IncludeVoice)
            {
                consoles.Output.MarkupLine($"Default voice: {Markup.Escape(store.DefaultVoicePath)}");
            }

            return 0;
        }));
        return command;
    }

    /// <summary>One bar for the whole pull and one per file, updated on the pulling thread.</summary>
    private sealed class PullProgressBars(ProgressContext context) : IProgress<ModelPullProgress>
    {
        private readonly Dictionary<string, ProgressTask> files = new(StringComparer.Ordinal);
        private ProgressTask? total;

        public void Report(ModelPullProgress value)
        {
            total ??= context.AddTask("[bold]total[/]", autoStart: true, maxValue: Math.Max(1, value.BytesTotal));
            total.Value = value.BytesDone;
            if (!files.TryGetValue(value.File, out var file))
            {
                file = context.AddTask(Markup.Escape(value.File), autoStart: true, maxValue: Math.Max(1, value.FileBytesTotal ?? 1));
                files[value.File] = file;
            }

            file.Value = value.FileBytesDone;
        }
    }
}
