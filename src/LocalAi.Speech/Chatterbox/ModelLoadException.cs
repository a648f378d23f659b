namespace LocalAi.Speech.Chatterbox;

/// <summary>A graph could not be loaded into ONNX Runtime.</summary>
public sealed class ModelLoadException : Exception
{
    /// <summary>Creates the exception with a message that says what to do.</summary>
    public ModelLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
