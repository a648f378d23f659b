namespace LocalAi.TtsServer.Engine;

/// <summary>Where loading the served model stands: not asked, loading, ready or failed.</summary>
public enum ModelLoadState
{
    /// <summary>Lazy loading: nothing asked for the model yet.</summary>
    NotLoaded,

    /// <summary>Being pulled or loaded.</summary>
    Loading,

    /// <summary>Loaded and serving.</summary>
    Ready,

    /// <summary>The load failed; the error says why. A restart is needed after fixing it.</summary>
    Failed,
}
