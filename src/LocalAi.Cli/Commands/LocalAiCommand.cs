using System.CommandLine;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary>The <c>localai</c> root command with every subcommand.</summary>
public static class LocalAiCommand
{
    /// <summary>Builds the command tree.</summary>
    /// <param name="output">Where results go; the terminal when null.</param>
    /// <param name="error">Where errors go; standard error when null.</param>
    public static RootCommand Create(IAnsiConsole? output = null, IAnsiConsole? error = null)
    {
        var root = new RootCommand("localai: local text-to-speech with Chatterbox Turbo on ONNX Runtime.");
        root.Subcommands.Add(SayCommand.Create(output, error));
        root.Subcommands.Add(ModelsCommand.Create(output, error));
        root.Subcommands.Add(TtsServerCommand.Create(output, error));
        root.Subcommands.Add(ManagerCommand.Create(output, error));
        root.Subcommands.Add(RouterCommand.Create(output, error));
        return root;
    }
}
