using System.CommandLine;
using LocalAi.Cli.Commands;

// On SIGTERM or Ctrl+C a command's token is cancelled; System.CommandLine would end the process 2 s later, which cuts
// a server's graceful drain short. The servers bound their own stop (the drain's grace plus the host's margin; the
// grace is at most an hour), and every other command ends as soon as its token is cancelled.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(61) };
return await LocalAiCommand.Create().Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
