using LocalAi.Cli.Commands;
using Spectre.Console;

namespace LocalAi.Cli.Tests;

/// <summary>Runs <c>localai say …</c> in-process through the root command and captures both consoles.</summary>
internal static class SayRun
{
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        /// <summary>The non-empty lines written to the error console.</summary>
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <param name="args">The arguments after <c>say</c>.</param>
    /// <param name="colors">Keep the ANSI colour codes in what the consoles capture.</param>
    public static async Task<Outcome> InvokeAsync(IEnumerable<string> args, bool colors = false)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = LocalAiCommand.Create(Console(output, colors), Console(error, colors));
        var exitCode = await root.Parse(["say", .. args]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return new Outcome(exitCode, output.ToString(), error.ToString());
    }

    private static IAnsiConsole Console(TextWriter writer, bool colors)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = colors ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colors ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Wide enough that messages holding temp paths stay on one line.
        console.Profile.Width = 2000;
        return console;
    }
}
