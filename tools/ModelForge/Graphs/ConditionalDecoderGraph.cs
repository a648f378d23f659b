using LocalAi.ModelForge.Building;
using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Graphs;

/// <summary>
/// <c>conditional_decoder</c>: the first feature_dim/2 tokens are the voice prompt and only condition; each later
/// token renders 960 samples from its embedding, half of the next token's, and the speaker terms.
/// </summary>
internal static class ConditionalDecoderGraph
{
    private const string Graph = TurboContract.ConditionalDecoder;
    private const float Amplitude = 0.9f;
    private const float NextTokenShare = 0.5f;

    public static void Write(GraphContext context) => context.Write(Graph, (g, weights) =>
    {
        var width = context.Profile.Hidden;
        var io = context.DType.IoFloat();
        g.Input("speech_tokens", DataType.Int64, "batch_size", "num_speech_tokens");
        var speaker = g.FloatInput("speaker_embeddings", io, "batch_size", TurboContract.SpeakerEmbeddingSize);
        var features = g.FloatInput("speaker_features", io, "batch_size", "feature_dim", TurboContract.MelBins);

        var batch = g.DimOf("speech_tokens", 0);
        var tokenCount = g.DimOf("speech_tokens", 1);
        var featureFrames = g.DimOf(features, 1);
        var promptCount = g.Op("Div", [featureFrames, g.Vector(2)]);

        // START, STOP or stray ids still render (as the nearest code) rather than failing the request.
        var codes = g.Op("Min", [g.Op("Max", ["speech_tokens", g.Scalar(0L)]), g.Scalar((long)TurboContract.SpeechCodeCount - 1)]);
        var table = context.Uniform(Graph, "token_embedding", TurboContract.SpeechCodeCount * width, GraphContext.UnitAmplitude);
        var embedded = weights.GatherRows("token_embedding", table, TurboContract.SpeechCodeCount, width, codes);

        var condition = g.Op("Add", [PromptMean(g, embedded, promptCount), SpeakerTerm(context, g, weights, speaker, features, featureFrames)]);
        var current = g.Slice(embedded, promptCount, tokenCount, 1);
        var padded = g.Op("Pad", [embedded, g.Vector(0, 0, 0, 0, 1, 0)]);
        var next = g.Slice(padded, g.Op("Add", [promptCount, g.Vector(1)]), g.Op("Add", [tokenCount, g.Vector(1)]), 1);
        var mixed = g.Op("Add", [g.Op("Add", [current, g.Op("Mul", [next, g.Scalar(NextTokenShare)])]), condition]);

        const int frame = TurboContract.SamplesPerToken;
        var render = weights.Matrix("render", context.Uniform(Graph, "render", width * frame, GraphContext.MatrixAmplitude(width, 0.7f)), width, frame);
        var renderBias = weights.Vector("render_bias", context.Uniform(Graph, "render_bias", frame, 0.2f));
        var samples = g.Op("Mul", [g.Op("Tanh", [g.Op("Add", [g.Op("MatMul", [mixed, render]), renderBias])]), g.Scalar(Amplitude)]);

        var sampleCount = g.Op("Mul", [g.Op("Sub", [tokenCount, promptCount]), g.Vector(frame)]);
        var waveform = g.Op("Reshape", [samples, g.Op("Concat", [batch, sampleCount], Attr.Int("axis", 0))]);
        g.FloatOutput("waveform", waveform, io, "batch_size", "num_samples");
    });

    /// <summary>Mean embedding of the prompt tokens, [batch, 1, width]; zero when there is no prompt.</summary>
    private static string PromptMean(GraphBuilder g, string embedded, string promptCount)
    {
        var prompt = g.Slice(embedded, g.Vector(0), promptCount, 1);
        var sum = g.Op("ReduceSum", [prompt, g.Vector(1)], Attr.Int("keepdims", 1));
        return g.Op("Div", [sum, g.Cast(g.Op("Max", [promptCount, g.Vector(1)]), DataType.Float)]);
    }

    /// <summary>Speaker embedding and mean mel frame projected to the width, [batch, 1, width].</summary>
    private static string SpeakerTerm(GraphContext context, GraphBuilder g, WeightStore weights, string speaker, string features, string featureFrames)
    {
        var width = context.Profile.Hidden;
        const int speakerWidth = TurboContract.SpeakerEmbeddingSize;
        const int mel = TurboContract.MelBins;
        var meanFrame = g.Op("Div", [
            g.Op("ReduceSum", [features, g.Vector(1)], Attr.Int("keepdims", 0)),
            g.Cast(g.Op("Max", [featureFrames, g.Vector(1)]), DataType.Float)]);
        var speakerMatrix = weights.Matrix("speaker_projection", context.Uniform(Graph, "speaker_projection", speakerWidth * width, GraphContext.MatrixAmplitude(speakerWidth, 3f)), speakerWidth, width);
        var melMatrix = weights.Matrix("mel_projection", context.Uniform(Graph, "mel_projection", mel * width, GraphContext.MatrixAmplitude(mel, 0.3f)), mel, width);
        var sum = g.Op("Add", [g.Op("MatMul", [speaker, speakerMatrix]), g.Op("MatMul", [meanFrame, melMatrix])]);
        return g.Op("Unsqueeze", [sum, g.Vector(1)]);
    }
}
