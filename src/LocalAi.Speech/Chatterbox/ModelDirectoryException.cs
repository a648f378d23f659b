namespace LocalAi.Speech.Chatterbox;

/// <summary>A model directory is missing, incomplete or laid out differently from the Hugging Face repository.</summary>
public sealed class ModelDirectoryException : Exception
{
    /// <summary>Creates the exception with a message that says what to do.</summary>
    public ModelDirectoryException(string message)
        : base(message)
    {
    }
}
