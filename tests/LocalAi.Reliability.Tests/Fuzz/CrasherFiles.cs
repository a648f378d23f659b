namespace LocalAi.Reliability.Tests.Fuzz;

/// <summary>
/// Binary inputs kept under <c>Crashers/&lt;parser&gt;/</c> and replayed on every run: what a fuzzer found breaking a
/// parser, and hand-made edge cases. A new one goes in as a file named for what it exercises (docs/reliability.md).
/// </summary>
internal static class CrasherFiles
{
    public static string Folder(string parser) => Path.Combine(AppContext.BaseDirectory, "Crashers", parser);

    /// <summary>The kept inputs of one parser, by file name.</summary>
    public static TheoryData<string> Named(string parser)
    {
        var names = Directory.Exists(Folder(parser))
            ? Directory.GetFiles(Folder(parser)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()
            : [];
        var data = new TheoryData<string>();
        foreach (var name in names)
        {
            data.Add(name!);
        }

        return data;
    }
}
