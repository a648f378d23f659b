namespace LocalAi.Router.Cache;

/// <summary>
/// A speech cache store could not do what it was asked (a disk write failed, Redis could not be reached); the store's
/// own failure is the <see cref="Exception.InnerException"/>. The cache logs a failed write and answers without it.
/// </summary>
/// <param name="message">What failed.</param>
/// <param name="innerException">The store's own failure.</param>
internal sealed class SpeechCacheStoreException(string message, Exception innerException) : Exception(message, innerException);
