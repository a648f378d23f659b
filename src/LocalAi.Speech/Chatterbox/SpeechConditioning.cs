namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// The four outputs of <c>speech_encoder</c> for one reference clip: everything the language model and the decoder
/// need about a voice. Computed once per voice and cached (see <c>LocalAi.Speech.Voices.ConditioningCache</c>).
/// Float data is kept as float32; float16 graphs round-trip through it exactly.
/// </summary>
/// <param name="AudioFeatures">Conditioning embeddings, row-major [<paramref name="FeatureRows"/>, hidden].</param>
/// <param name="FeatureRows">Rows of <paramref name="AudioFeatures"/> (1 speaker vector + reference tokens).</param>
/// <param name="AudioTokens">The reference's speech tokens; they prefix the decoder input.</param>
/// <param name="SpeakerEmbeddings">The speaker x-vector (192 values).</param>
/// <param name="SpeakerFeatures">Log-mel features of the reference, row-major [<paramref name="SpeakerFeatureFrames"/>, mel bins].</param>
/// <param name="SpeakerFeatureFrames">Frames of <paramref name="SpeakerFeatures"/>.</param>
public sealed record SpeechConditioning(
    float[] AudioFeatures,
    int FeatureRows,
    long[] AudioTokens,
    float[] SpeakerEmbeddings,
    float[] SpeakerFeatures,
    int SpeakerFeatureFrames)
{
    /// <summary>Width of one row of <see cref="AudioFeatures"/>.</summary>
    public int HiddenSize => FeatureRows == 0 ? 0 : AudioFeatures.Length / FeatureRows;

    /// <summary>Mel bins per frame of <see cref="SpeakerFeatures"/>.</summary>
    public int MelBins => SpeakerFeatureFrames == 0 ? 0 : SpeakerFeatures.Length / SpeakerFeatureFrames;
}
