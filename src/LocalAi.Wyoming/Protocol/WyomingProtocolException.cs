namespace LocalAi.Wyoming.Protocol;

/// <summary>The bytes on a connection are not Wyoming events within <see cref="WyomingLimits"/>: the connection is closed.</summary>
public sealed class WyomingProtocolException(string message) : Exception(message);
