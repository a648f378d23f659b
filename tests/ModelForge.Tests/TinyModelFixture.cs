using Microsoft.ML.OnnxRuntime;

namespace LocalAi.ModelForge.Tests;

/// <summary>One tiny model with all five dtypes, forged once for every test, plus cached sessions.</summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly Dictionary<(string, ForgeDType), InferenceSession> _sessions = [];

    public TinyModelFixture()
        : this(minStopPosition: 0, ForgeDTypes.All)
    {
    }

    /// <summary>A tiny model of the given dtypes whose STOP is held off below <paramref name="minStopPosition"/>.</summary>
    internal TinyModelFixture(int minStopPosition, IReadOnlyList<ForgeDType> dtypes)
    {
        Directory = Path.Combine(Path.GetTempPath(), "forge-tests-" + Guid.NewGuid().ToString("N"));
        Model = Forge.Write(new ForgeOptions { OutputDirectory = Directory, DTypes = dtypes, MinStopPosition = minStopPosition });
    }

    public string Directory { get; }

    public ForgedModel Model { get; }

    public InferenceSession Session(string graph, ForgeDType dtype)
    {
        if (!_sessions.TryGetValue((graph, dtype), out var session))
        {
            session = new InferenceSession(Model.GraphPath(graph, dtype));
            _sessions[(graph, dtype)] = session;
        }

        return session;
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "tiny forged model";
}
