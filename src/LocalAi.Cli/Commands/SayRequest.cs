using LocalAi.Audio;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.Cli.Commands;

/// <summary>Everything <c>localai say</c> was asked to do, parsed and checked.</summary>
internal sealed record SayRequest
{
    public required string Text { get; init; }

    /// <summary>The catalog id of the model to speak with (<c>chatterbox-turbo</c> or <c>chatterbox-multilingual</c>).</summary>
    public string ModelId { get; init; } = ModelCatalog.ChatterboxTurbo.Id;

    public string? VoiceFile { get; init; }

    public required string OutputPath { get; init; }

    public string? ModelDirectory { get; init; }

    public GraphDTypes? DTypes { get; init; }

    public ExecutionDevice Device { get; init; }

    public int Threads { get; init; }

    public required GenerationOptions Generation { get; init; }

    /// <summary>Target loudness of the reference clip; null leaves it as recorded.</summary>
    public double? ReferenceLufs { get; init; }

    public WavSampleFormat SampleFormat { get; init; }

    public int MaxChunkCharacters { get; init; }

    public string? TracePath { get; init; }

    public string? CacheDirectory { get; init; }

    public bool AllowPull { get; init; }
}
