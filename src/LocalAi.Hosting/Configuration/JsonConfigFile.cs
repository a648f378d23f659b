using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LocalAi.Hosting.Configuration;

/// <summary>
/// Reads one service's JSON configuration file (the manager's <c>models.json</c>, the router's <c>router.json</c>):
/// comments and trailing commas allowed, keys written twice refused, <c>${env.NAME}</c> substituted in every string,
/// camelCase keys bound to a file record with unknown keys refused. Every failure is a
/// <typeparamref name="TException"/> whose message starts with the JSON path at fault (<c>$.models.tts.backend.command: …</c>),
/// which the commands turn into exit code 2; validators use <see cref="Invalid"/>, <see cref="Require"/> and the
/// duration helpers so their messages have the same shape.
/// </summary>
/// <typeparam name="TException">The service's configuration exception.</typeparam>
public sealed class JsonConfigFile<TException>
    where TException : Exception
{
    private static readonly JsonSerializerOptions Serializer = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowOutOfOrderMetadataProperties = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly string name;
    private readonly string description;
    private readonly string shape;
    private readonly DuplicateKeyCheck duplicates;
    private readonly Func<string, Exception?, TException> error;
    private readonly JsonDocumentOptions document;

    /// <summary>Describes a configuration file.</summary>
    /// <param name="name">The file's usual name in messages (<c>models.json</c>).</param>
    /// <param name="description">What the file is, for a read failure (<c>models file</c>).</param>
    /// <param name="shape">What the root object must hold, after "a JSON object with" (<c>a 'models' object</c>).</param>
    /// <param name="duplicates">How a key written twice in one object is reported.</param>
    /// <param name="error">Makes the service's exception from a message and the underlying failure, if any.</param>
    public JsonConfigFile(string name, string description, string shape, DuplicateKeyCheck duplicates, Func<string, Exception?, TException> error)
    {
        this.name = name;
        this.description = description;
        this.shape = shape;
        this.duplicates = duplicates;
        this.error = error;
        document = new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            AllowDuplicateProperties = duplicates != DuplicateKeyCheck.Parser,
        };
    }

    /// <summary>Reads a file's text; one that cannot be read is a <typeparamref name="TException"/> naming its path.</summary>
    public string Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw error($"Cannot read the {description} '{path}': {e.Message}", e);
        }
    }

    /// <summary>Parses the text into its root object and substitutes <c>${env.NAME}</c> in every string.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="environment">Looks up <c>${env.NAME}</c>; the process environment when null.</param>
    public JsonObject Parse(string json, Func<string, string?>? environment)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            if (duplicates == DuplicateKeyCheck.NamedByPath)
            {
                using var parsed = JsonDocument.Parse(json, document);
                DuplicateKeys.Refuse(parsed.RootElement, "$", message => error(message, null));
            }

            root = JsonNode.Parse(json, documentOptions: document);
        }
        catch (JsonException e)
        {
            throw error($"{name} is not valid JSON: {e.Message}", e);
        }

        if (root is not JsonObject rootObject)
        {
            throw Invalid("$", $"{name} must be a JSON object with {shape}.");
        }

        EnvironmentPlaceholders.Substitute(rootObject, environment ?? Environment.GetEnvironmentVariable, message => error(message, null));
        return rootObject;
    }

    /// <summary>Binds the parsed file to its record; a wrong type or unknown key is named by its JSON path.</summary>
    /// <param name="root">The parsed (and substituted) file.</param>
    /// <param name="unsupported">The message for a shape System.Text.Json cannot bind (a polymorphic object without its discriminator); null lets it through.</param>
    public T Bind<T>(JsonNode root, Func<NotSupportedException, string>? unsupported = null)
    {
        try
        {
            return root.Deserialize<T>(Serializer) ?? throw Invalid("$", $"{name} is null.");
        }
        catch (JsonException e)
        {
            throw Invalid(e.Path ?? "$", e.Message.Split(" Path:", 2)[0]);
        }
        catch (NotSupportedException e) when (unsupported is not null)
        {
            throw error(unsupported(e), e);
        }
    }

    /// <summary>The error for the value at <paramref name="at"/>: <c>"&lt;at&gt;: &lt;message&gt;"</c>.</summary>
    public TException Invalid(string at, string message) => error($"{at}: {message}", null);

    /// <summary>Throws <see cref="Invalid"/> unless <paramref name="condition"/> holds.</summary>
    public void Require(bool condition, string at, string message)
    {
        if (!condition)
        {
            throw Invalid(at, message);
        }
    }

    /// <summary>A <c>…Seconds</c> number (or its default) as a duration within <paramref name="limit"/>.</summary>
    public TimeSpan Seconds(double? value, double fallback, string at, DurationLimit limit, bool allowZero = false)
    {
        var seconds = value ?? fallback;
        Require(allowZero ? seconds >= 0 : seconds > 0, at, allowZero ? "must be 0 or more seconds." : "must be more than 0 seconds.");
        Require(seconds <= limit.Longest.TotalSeconds, at, $"must be at most {limit.Longest.TotalSeconds:0} seconds ({limit.Why}).");
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A <c>…Ms</c> number (or its default) as a duration within <paramref name="limit"/>.</summary>
    public TimeSpan Milliseconds(double? value, double fallback, string at, DurationLimit limit)
    {
        var ms = value ?? fallback;
        Require(ms > 0, at, "must be more than 0 milliseconds.");
        Require(ms <= limit.Longest.TotalMilliseconds, at, $"must be at most {limit.Longest.TotalMilliseconds:0} milliseconds ({limit.Why}).");
        return TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>A size or count that must be positive, or its default.</summary>
    public long Positive(long? value, long fallback, string at) =>
        value is <= 0 ? throw Invalid(at, "must be positive.") : value ?? fallback;
}
