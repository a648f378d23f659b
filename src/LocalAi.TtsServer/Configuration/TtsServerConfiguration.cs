using System.Collections;

namespace LocalAi.TtsServer.Configuration;

/// <summary>
/// Builds <see cref="TtsServerOptions"/> from, in rising precedence: a JSON file (<c>{"TtsServer":{…}}</c>),
/// environment variables (<c>LOCALAI__TTSSERVER__PORT=9000</c>; <c>__</c> separates levels, names ignore case) and
/// command-line overrides (keys such as <c>TtsServer:Port</c>). Unknown keys and unconvertible values are errors
/// that name the key, so a typo never silently falls back to a default. The sibling of the manager's and router's
/// <c>JsonConfigFile</c> (LocalAi.Hosting): the same load, bind, validate steps and one exception naming the key at
/// fault, with keys named as configuration keys (<c>TtsServer:Port</c>) where those name JSON paths (<c>$.port</c>).
/// </summary>
public static class TtsServerConfiguration
{
    /// <summary>The environment variable prefix.</summary>
    public const string EnvironmentPrefix = "LOCALAI__";

    /// <summary>Loads and validates the options.</summary>
    /// <param name="configFile">A JSON config file, or null.</param>
    /// <param name="overrides">Command-line values by configuration key, or null.</param>
    /// <param name="environment">Environment variables; the process environment when null.</param>
    /// <exception cref="TtsServerConfigurationException">A file is missing or unreadable, or a key is unknown or bad.</exception>
    public static TtsServerOptions Load(
        string? configFile = null,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
            {
                throw new TtsServerConfigurationException("--config", $"points at '{full}', which does not exist.");
            }

            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        builder.AddInMemoryCollection(FromEnvironment(environment ?? ProcessEnvironment()));
        builder.AddInMemoryCollection(overrides ?? []);

        TtsServerOptions options;
        try
        {
            var configuration = builder.Build();
            options = configuration.GetSection(TtsServerOptions.Section).Get<TtsServerOptions>(binder => binder.ErrorOnUnknownConfiguration = true)
                ?? new TtsServerOptions();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new TtsServerConfigurationException(TtsServerOptions.Section, $"is not valid: {e.Message}", e);
        }

        options.Validate();
        return options;
    }

    private static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IReadOnlyDictionary<string, string> environment) =>
        environment
            .Where(pair => pair.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(pair => KeyValuePair.Create(pair.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), (string?)pair.Value));

    private static Dictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => entry.Value as string ?? "", StringComparer.Ordinal);
}
