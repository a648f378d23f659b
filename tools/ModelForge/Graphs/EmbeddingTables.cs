namespace LocalAi.ModelForge.Graphs;

/// <summary>The two embedding tables of <c>embed_tokens</c>, shared here because the stop mechanism lives in one.</summary>
internal static class EmbeddingTables
{
    public static float[] Text(GraphContext context)
    {
        var hidden = context.Profile.Hidden;
        var table = context.Uniform(TurboContract.EmbedTokens, "text_embedding", context.Profile.TextVocabSize * hidden, GraphContext.UnitAmplitude);
        return StopMechanism.ClearChannel(table, hidden);
    }

    public static float[] Speech(GraphContext context)
    {
        var hidden = context.Profile.Hidden;
        var table = context.Uniform(TurboContract.EmbedTokens, "speech_embedding", context.Profile.SpeechVocabSize * hidden, GraphContext.UnitAmplitude);
        StopMechanism.ClearChannel(table, hidden);
        for (var id = 0; id < context.Profile.SpeechVocabSize; id++)
        {
            if (StopMechanism.IsTrigger(id))
            {
                table[(id * hidden) + StopMechanism.Channel(hidden)] = StopMechanism.Feature(hidden);
            }
        }

        return table;
    }
}
