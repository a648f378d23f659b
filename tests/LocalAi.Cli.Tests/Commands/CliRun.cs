using System.CommandLine;
using LocalAi.Cli.Commands;
using Spectre.Console;

namespace LocalAi.Cli.Tests.Commands;

/// <summary>Runs <c>localai models …</c>, <c>router …</c>, <c>manager …</c> or <c>tts-server …</c> in-process and captures what it wrote.</summary>
internal static class CliRun
{
    public static Task<(int ExitCode, string Output, string Error)> ModelsAsync(params string[] args) =>
        RunAsync("models", ModelsCommand.Create, args);

    public static Task<(int ExitCode, string Output, string Error)> RouterAsync(params string[] args) =>
        RunAsync("router", RouterCommand.Create, args);

    public static Task<(int ExitCode, string Output, string Error)> ManagerAsync(params string[] args) =>
        RunAsync("manager", ManagerCommand.Create, args);

    public static Task<(int ExitCode, string Output, string Error)> TtsServerAsync(params string[] args) =>
        RunAsync("tts-server", TtsServerCommand.Create, args);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string name, Func<IAnsiConsole, IAnsiConsole, Command> create, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { create(Console(output), Console(error)) };
        var exitCode = await root.Parse([name, .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Wide enough that table cells holding temp paths are not wrapped.
        console.Profile.Width = 400;
        return console;
    }
}
