namespace LocalAi.Speech.Audio;

/// <summary>A reference (voice-cloning) clip decoded fine but cannot be used: it is empty or silent.</summary>
public class ReferenceClipException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public ReferenceClipException(string message)
        : base(message)
    {
    }
}
