namespace LocalAi.TtsServer.Engine;

/// <summary>Where the model stands.</summary>
public enum ModelState
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
