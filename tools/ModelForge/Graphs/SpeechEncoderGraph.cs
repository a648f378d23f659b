using LocalAi.ModelForge.Building;
using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Graphs;

/// <summary>
/// <c>speech_encoder</c>: cuts the clip into 960-sample token frames (15 s for conditioning, 10 s for the decoder
/// prompt) and 480-sample mel frames (10 s), and averages all frames of the whole clip into a speaker vector.
/// Multilingual conditions on the first 6 s instead and pools them into 32 perceiver rows, so its
/// <c>audio_features</c> always has 33 rows.
/// </summary>
internal static class SpeechEncoderGraph
{
    private const string Graph = TurboContract.SpeechEncoder;

    // Projections of a frame are multiplied by this before flooring, so tiny changes of content change the token.
    private const float TokenResolution = 10000f;

    public static void Write(GraphContext context) => context.Write(Graph, (g, weights) =>
    {
        var hidden = context.Profile.Hidden;
        var io = context.DType.IoFloat();
        var audio = g.FloatInput("audio_values", io, "batch_size", "num_samples");
        var batch = g.DimOf(audio, 0);
        var samples = g.DimOf(audio, 1);

        var speaker = SpeakerEmbedding(context, g, weights, audio, batch, samples);

        // Token frames cover the longer of the conditioning and decoder-prompt spans (Turbo: 15 s ≥ 10 s).
        var conditioningFrames = Frames(g, audio, batch, TokenCount(g, samples, TurboContract.ConditioningSeconds), TurboContract.SamplesPerToken);
        var tokenProjection = weights.Matrix("token_projection", context.Uniform(Graph, "token_projection", TurboContract.SamplesPerToken, GraphContext.MatrixAmplitude(TurboContract.SamplesPerToken)), TurboContract.SamplesPerToken, 1);
        var projected = g.Op("Squeeze", [g.Op("MatMul", [conditioningFrames, tokenProjection]), g.Vector(2)]);
        var scaled = g.Op("Floor", [g.Op("Mul", [g.Op("Abs", [projected]), g.Scalar(TokenResolution)])]);
        var conditioningTokens = g.Op("Mod", [g.Cast(scaled, DataType.Int64), g.Scalar((long)TurboContract.SpeechCodeCount)]);

        var promptTokenCount = TokenCount(g, samples, TurboContract.DecoderPromptSeconds);
        g.Output("audio_features", io, "batch_size", "sequence_length", hidden);
        g.Output("audio_tokens", DataType.Int64, "batch_size", "audio_sequence_length");
        g.Output("speaker_embeddings", io, "batch_size", TurboContract.SpeakerEmbeddingSize);
        g.Output("speaker_features", io, "batch_size", "feature_dim", TurboContract.MelBins);

        var multilingual = context.Profile.Family == ForgeFamily.Multilingual;
        var lmTokens = multilingual ? g.Slice(conditioningTokens, g.Vector(0), TokenCount(g, samples, MultilingualContract.ConditioningSeconds), 1) : conditioningTokens;
        g.EmitAs("audio_features", ConditioningRows(context, g, weights, speaker, lmTokens), io);
        g.OpTo("Slice", [conditioningTokens, g.Vector(0), promptTokenCount, g.Vector(1)], "audio_tokens");
        g.EmitAs("speaker_embeddings", speaker, io);
        g.EmitAs("speaker_features", MelFeatures(context, g, weights, audio, batch, promptTokenCount), io);
    });

    /// <summary>tanh of every whole token frame of the clip, averaged: it depends on the whole clip.</summary>
    private static string SpeakerEmbedding(GraphContext context, GraphBuilder g, WeightStore weights, string audio, string batch, string samples)
    {
        const int width = TurboContract.SpeakerEmbeddingSize;
        var frames = Frames(g, audio, batch, g.Op("Div", [samples, g.Vector(TurboContract.SamplesPerToken)]), TurboContract.SamplesPerToken);
        var projection = weights.Matrix("speaker_projection", context.Uniform(Graph, "speaker_projection", TurboContract.SamplesPerToken * width, GraphContext.MatrixAmplitude(TurboContract.SamplesPerToken, 8f)), TurboContract.SamplesPerToken, width);
        var bias = weights.Vector("speaker_bias", context.Uniform(Graph, "speaker_bias", width, 0.5f));
        var perFrame = g.Op("Tanh", [g.Op("Add", [g.Op("MatMul", [frames, projection]), bias])]);
        return g.Op("ReduceMean", [perFrame], Attr.Ints("axes", 1), Attr.Int("keepdims", 0));
    }

    /// <summary>Row 0 projects the speaker; rows 1.. embed each conditioning token.</summary>
    private static string ConditioningRows(GraphContext context, GraphBuilder g, WeightStore weights, string speaker, string tokens)
    {
        var hidden = context.Profile.Hidden;
        const int width = TurboContract.SpeakerEmbeddingSize;
        var table = StopMechanism.ClearChannel(context.Uniform(Graph, "conditioning_embedding", TurboContract.SpeechCodeCount * hidden, GraphContext.UnitAmplitude), hidden);
        var tokenRows = weights.GatherRows("conditioning_embedding", table, TurboContract.SpeechCodeCount, hidden, tokens);
        if (context.Profile.Family == ForgeFamily.Multilingual)
        {
            tokenRows = Perceiver(context, g, weights, tokenRows);
        }

        var speakerMatrix = StopMechanism.ClearChannel(context.Uniform(Graph, "speaker_to_hidden", width * hidden, GraphContext.MatrixAmplitude(width, 3f)), hidden);
        var speakerRow = g.Op("Unsqueeze", [g.Op("MatMul", [speaker, weights.Matrix("speaker_to_hidden", speakerMatrix, width, hidden)]), g.Vector(1)]);
        return g.Op("Concat", [speakerRow, tokenRows], Attr.Int("axis", 1));
    }

    /// <summary>32 learned query rows shifted by the mean of the token rows: a fixed row count that depends on the clip.</summary>
    private static string Perceiver(GraphContext context, GraphBuilder g, WeightStore weights, string tokenRows)
    {
        var hidden = context.Profile.Hidden;
        const int queries = MultilingualContract.PerceiverQueries;
        var table = StopMechanism.ClearChannel(context.Uniform(Graph, "perceiver_queries", queries * hidden, GraphContext.UnitAmplitude), hidden);
        var mean = g.Op("ReduceMean", [tokenRows], Attr.Ints("axes", 1), Attr.Int("keepdims", 1));
        return g.Op("Add", [weights.Matrix("perceiver_queries", table, queries, hidden), mean]);
    }

    /// <summary>log |projection| of each 480-sample frame of the first 10 s: two frames per prompt token.</summary>
    private static string MelFeatures(GraphContext context, GraphBuilder g, WeightStore weights, string audio, string batch, string promptTokenCount)
    {
        const int frame = TurboContract.SamplesPerMelFrame;
        var frames = Frames(g, audio, batch, g.Op("Mul", [promptTokenCount, g.Vector(2)]), frame);
        var projection = weights.Matrix("mel_projection", context.Uniform(Graph, "mel_projection", frame * TurboContract.MelBins, GraphContext.MatrixAmplitude(frame, 4f)), frame, TurboContract.MelBins);
        return g.Op("Log", [g.Op("Add", [g.Op("Abs", [g.Op("MatMul", [frames, projection])]), g.Scalar(1e-5f)])]);
    }

    /// <summary>floor(min(samples, seconds·24 kHz) / 960): the tokens a clip yields within a time limit.</summary>
    private static string TokenCount(GraphBuilder g, string samples, int seconds) =>
        g.Op("Div", [g.Op("Min", [samples, g.Vector((long)seconds * TurboContract.SampleRate)]), g.Vector(TurboContract.SamplesPerToken)]);

    /// <summary>The first <paramref name="count"/> frames of <paramref name="frameSize"/> samples, as [batch, count, frameSize].</summary>
    private static string Frames(GraphBuilder g, string audio, string batch, string count, int frameSize)
    {
        var used = g.Slice(audio, g.Vector(0), g.Op("Mul", [count, g.Vector(frameSize)]), 1);
        return g.Op("Reshape", [used, g.Op("Concat", [batch, count, g.Vector(frameSize)], Attr.Int("axis", 0))]);
    }
}
