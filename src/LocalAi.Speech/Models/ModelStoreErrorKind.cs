namespace LocalAi.Speech.Models;

/// <summary>Why a model store operation failed, so callers can react without parsing messages.</summary>
public enum ModelStoreErrorKind
{
    /// <summary>The model id is not in <see cref="ModelCatalog"/>.</summary>
    UnknownModel,

    /// <summary>The hub could not be reached at all (no network, DNS failure, connection refused).</summary>
    Offline,

    /// <summary>The hub answered 401 or 403.</summary>
    Unauthorized,

    /// <summary>A required file is not in the repository at that revision.</summary>
    NotFound,

    /// <summary>A downloaded file did not have the size or sha256 the hub announced.</summary>
    Integrity,

    /// <summary>The hub kept failing or answered something unexpected.</summary>
    Http,
}
