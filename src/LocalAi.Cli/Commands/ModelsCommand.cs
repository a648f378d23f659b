using System.CommandLine;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary><c>localai models pull|list|rm</c>: the local model cache.</summary>
public static class ModelsCommand
{
    /// <summary>Builds the <c>models</c> command.</summary>
    /// <param name="output">Where tables, progress and results go; the terminal when null.</param>
    /// <param name="error">Where the one-line error goes; standard error when null.</param>
    public static Command Create(IAnsiConsole? output = null, IAnsiConsole? error = null)
    {
        var consoles = CommandConsoles.Create(output, error);
        var command = new Command("models", "Download, list and remove models in the local cache.");
        command.Subcommands.Add(ModelsPullCommand.Create(consoles));
        command.Subcommands.Add(ModelsListCommand.Create(consoles));
        command.Subcommands.Add(ModelsRmCommand.Create(consoles));
        return command;
    }
}
