using LocalAi.Cli.Commands;

return await LocalAiCommand.Create().Parse(args).InvokeAsync();
