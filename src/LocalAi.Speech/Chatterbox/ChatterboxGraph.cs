namespace LocalAi.Speech.Chatterbox;

/// <summary>The four graphs of a Chatterbox Turbo ONNX export.</summary>
public enum ChatterboxGraph
{
    /// <summary>Reference clip to conditioning: audio_features, audio_tokens, speaker_embeddings, speaker_features.</summary>
    SpeechEncoder,

    /// <summary>Token ids (text or speech) to input embeddings.</summary>
    EmbedTokens,

    /// <summary>The GPT-2 backbone with a KV cache, producing speech-token logits.</summary>
    LanguageModel,

    /// <summary>Speech tokens plus speaker conditioning to a 24 kHz waveform.</summary>
    ConditionalDecoder,
}

/// <summary>File names of the graphs in the Hugging Face repository layout.</summary>
public static class ChatterboxGraphs
{
    /// <summary>The four graphs, in pipeline order.</summary>
    public static IReadOnlyList<ChatterboxGraph> All { get; } =
        [ChatterboxGraph.SpeechEncoder, ChatterboxGraph.EmbedTokens, ChatterboxGraph.LanguageModel, ChatterboxGraph.ConditionalDecoder];

    /// <summary>The base name used in file names, for example <c>language_model</c>.</summary>
    public static string BaseName(this ChatterboxGraph graph) => graph switch
    {
        ChatterboxGraph.SpeechEncoder => "speech_encoder",
        ChatterboxGraph.EmbedTokens => "embed_tokens",
        ChatterboxGraph.LanguageModel => "language_model",
        ChatterboxGraph.ConditionalDecoder => "conditional_decoder",
        _ => throw new ArgumentOutOfRangeException(nameof(graph), graph, null),
    };

    /// <summary>The graph file relative to the model directory, for example <c>onnx/language_model_q4.onnx</c>.</summary>
    public static string GraphPath(this ChatterboxGraph graph, ModelDType dtype) => $"onnx/{graph.BaseName()}{dtype.FileSuffix()}.onnx";

    /// <summary>The external-data file beside the graph, for example <c>onnx/language_model_q4.onnx_data</c>.</summary>
    public static string DataPath(this ChatterboxGraph graph, ModelDType dtype) => graph.GraphPath(dtype) + "_data";
}
