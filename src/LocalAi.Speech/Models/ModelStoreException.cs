namespace LocalAi.Speech.Models;

/// <summary>A model store failure whose message is written for the person running the command.</summary>
/// <param name="kind">Why it failed.</param>
/// <param name="message">What happened and what to do about it.</param>
/// <param name="innerException">The underlying failure, if any.</param>
public sealed class ModelStoreException(ModelStoreErrorKind kind, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Why it failed.</summary>
    public ModelStoreErrorKind Kind { get; } = kind;
}
