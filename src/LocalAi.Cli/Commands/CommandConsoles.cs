using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary>The consoles the commands write to, and the failure handling they share.</summary>
internal sealed record CommandConsoles(IAnsiConsole Output, IAnsiConsole Error)
{
    /// <summary>The given consoles, or the terminal's standard output and standard error.</summary>
    public static CommandConsoles Create(IAnsiConsole? output = null, IAnsiConsole? error = null) => new(
        output ?? AnsiConsole.Console,
        error ?? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) }));

    /// <summary>Runs a command body, turning a failure into one red line and a non-zero exit code.</summary>
    public async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ModelStoreException or FormatException or ModelDirectoryException or ModelLoadException
            or ReferenceClipException or InvalidDataException or FfmpegNotFoundException or ArgumentException or FileNotFoundException)
        {
            return Fail(e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail("Cancelled.", 130);
        }
    }

    /// <summary>Writes <paramref name="message"/> as the one-line red error and returns <paramref name="exitCode"/>.</summary>
    public int Fail(string message, int exitCode = 1)
    {
        // Some messages span lines (ArgumentOutOfRangeException appends "\nActual value was …"); the error stays one line.
        Error.MarkupLine($"[red]error:[/] {Markup.Escape(message.ReplaceLineEndings(" "))}");
        return exitCode;
    }
}
