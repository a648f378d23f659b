using LocalAi.TtsServer;
using LocalAi.TtsServer.Configuration;

// The container entry point: `LocalAi.TtsServer [--config file.json] [--port 8006] [--TtsServer:Key value …]`,
// plus LOCALAI__TTSSERVER__* environment variables. `localai tts-server` offers the same with documented flags.
try
{
    var commandLine = new ConfigurationBuilder().AddCommandLine(args, TtsServerCommandLine.SwitchMappings).Build();
    var options = TtsServerConfiguration.Load(commandLine["config"], commandLine.AsEnumerable().Where(pair => pair.Key != "config"));
    await TtsServerApp.Build(options).RunAsync().ConfigureAwait(false);
    return 0;
}
catch (TtsServerConfigurationException e)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 2;
}
