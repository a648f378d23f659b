using System.Text.Json.Serialization;

namespace LocalAi.Hosting.Errors;

/// <summary>The body of an OpenAI error: all four fields are always written, <c>param</c> and <c>code</c> as null when unset.</summary>
/// <param name="Message">What went wrong and what to do about it.</param>
/// <param name="Type">The error class, one of <see cref="OpenAiErrorTypes"/>.</param>
/// <param name="Param">The request field at fault, or null.</param>
/// <param name="Code">A machine-readable code such as <c>model_not_found</c>, or null.</param>
public sealed record OpenAiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);

/// <summary>The OpenAI error envelope <c>{"error":{"message","type","param","code"}}</c>.</summary>
/// <param name="Error">The error.</param>
public sealed record OpenAiErrorEnvelope([property: JsonPropertyName("error")] OpenAiError Error);
