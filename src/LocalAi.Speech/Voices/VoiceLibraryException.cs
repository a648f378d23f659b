namespace LocalAi.Speech.Voices;

/// <summary>Why a voice-library operation was refused.</summary>
public enum VoiceLibraryError
{
    /// <summary>No voice has that id.</summary>
    NotFound,

    /// <summary>The name or an alias is already used by another voice.</summary>
    Conflict,

    /// <summary>A name or alias is empty, too long or has characters that are not allowed.</summary>
    InvalidName,

    /// <summary>The upload is not audio, or too short, too long or too large.</summary>
    InvalidAudio,

    /// <summary>A requested voice id is not of the form <c>voice_</c> and 16 lower-case hex digits.</summary>
    InvalidId,

    /// <summary>The disk that holds the library is full; nothing was stored.</summary>
    StorageFull,
}

/// <summary>A voice-library operation was refused; the message says why and what to do.</summary>
public sealed class VoiceLibraryException(VoiceLibraryError error, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What went wrong, for mapping to a status code.</summary>
    public VoiceLibraryError Error { get; } = error;
}
