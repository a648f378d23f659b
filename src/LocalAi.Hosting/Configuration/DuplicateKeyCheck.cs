namespace LocalAi.Hosting.Configuration;

/// <summary>How <see cref="JsonConfigFile{TException}"/> reports a key written twice in one JSON object.</summary>
public enum DuplicateKeyCheck
{
    /// <summary>System.Text.Json refuses it while parsing: "… is not valid JSON: Duplicate property '…'".</summary>
    Parser,

    /// <summary>Named by its JSON path: "$.a.b: the key 'b' appears twice in one object; keep one."</summary>
    NamedByPath,
}
