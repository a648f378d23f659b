using LocalAi.Speech.Models;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary>The consoles the models commands write to, and the failure handling they share.</summary>
internal sealed record ModelsConsoles(IAnsiConsole Output, IAnsiConsole Error)
{
    /// <summary>Runs a command body, turning a failure into one red line and a non-zero exit code.</summary>
    public async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ModelStoreException e)
        {
            return Fail(e.Message);
        }
        catch (FormatException e)
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
        Error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return exitCode;
    }
}
