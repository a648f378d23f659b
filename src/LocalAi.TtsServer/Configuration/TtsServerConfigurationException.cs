namespace LocalAi.TtsServer.Configuration;

/// <summary>The configuration is not usable; the message names the key and says what it should be.</summary>
public sealed class TtsServerConfigurationException : Exception
{
    /// <summary>Creates the exception for a key.</summary>
    /// <param name="key">The configuration key, for example <c>TtsServer:Port</c>.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public TtsServerConfigurationException(string key, string problem, Exception? inner = null)
        : base($"Configuration key '{key}' {problem}", inner)
    {
        Key = key;
    }

    /// <summary>The key at fault.</summary>
    public string Key { get; }
}
