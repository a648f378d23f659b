namespace LocalAi.Speech.Models;

/// <summary>A hub failure worth retrying (5xx, 429, a refused resume).</summary>
internal sealed class HubTransientException(string message) : Exception(message);
