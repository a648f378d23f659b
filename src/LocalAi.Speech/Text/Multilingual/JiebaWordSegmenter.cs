using JiebaNet.Segmenter;

namespace LocalAi.Speech.Text.Multilingual;

/// <summary>
/// Chinese word segmentation with jieba.NET (precise mode with its HMM for unknown words), standing in for the
/// pkuseg segmenter of PyTorch. Whitespace pieces are dropped, as pkuseg returns none.
/// </summary>
/// <remarks>
/// The dictionary files ship in a <c>jieba</c> folder beside the application (LocalAi.Speech copies them there).
/// jieba and pkuseg are different models: on some sentences they cut words differently, and each cut becomes a
/// <c>[SPACE]</c> token, so Chinese ids can differ from PyTorch's there.
/// </remarks>
internal static class JiebaWordSegmenter
{
    private static readonly Lazy<JiebaSegmenter> Segmenter = new(Create);
    private static readonly Lock Gate = new();

    /// <summary>The words of <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> Cut(string text)
    {
        var segmenter = Segmenter.Value;
        lock (Gate)
        {
            return segmenter.Cut(text).Where(word => !string.IsNullOrWhiteSpace(word)).ToList();
        }
    }

    private static JiebaSegmenter Create()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "jieba");
        if (!File.Exists(Path.Combine(directory, "dict.txt")))
        {
            throw new FileNotFoundException(
                "The jieba dictionary (jieba/dict.txt beside the application) is missing; Chinese text cannot be segmented. Reinstall or rebuild the application.");
        }

        ConfigManager.ConfigFileBaseDir = directory;
        return new JiebaSegmenter();
    }
}
