using System.CommandLine;
using LocalAi.Cli.Commands;

var root = new RootCommand("localai: local text-to-speech with Chatterbox Turbo on ONNX Runtime.");
root.Subcommands.Add(ModelsCommand.Create());
return await root.Parse(args).InvokeAsync();
