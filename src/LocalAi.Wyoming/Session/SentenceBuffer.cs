using System.Text;
using LocalAi.Text;

namespace LocalAi.Wyoming.Session;

/// <summary>
/// Collects streamed text, cut anywhere (even mid-word), and hands out each sentence as soon as it is complete: when
/// the <see cref="TextChunker"/> the engine chunks with finds a sentence end with more text after it. A run of text
/// without a sentence end is cut into chunks once it grows past a few chunks, so the buffer stays bounded.
/// </summary>
internal sealed class SentenceBuffer(int maxChunkCharacters = TextChunker.DefaultMaxChars)
{
    private readonly StringBuilder pending = new();

    /// <summary>Adds a piece of text; returns the sentences it completed, in order.</summary>
    public IReadOnlyList<string> Add(string text)
    {
        pending.Append(text);
        var complete = new List<string>();
        while (TakeFirstSentence() is { } sentence)
        {
            complete.Add(sentence);
        }

        if (pending.Length > 4 * maxChunkCharacters)
        {
            complete.AddRange(Finish());
        }

        return complete;
    }

    /// <summary>The rest of the text, in chunks, at the end of the stream; the buffer is then empty.</summary>
    public IReadOnlyList<string> Finish()
    {
        var rest = TextChunker.Chunk(pending.ToString(), maxChunkCharacters, firstSentenceAlone: true);
        pending.Clear();
        return rest;
    }

    // A sentence is complete when the chunker puts it alone in front of more text: the text after it may still grow.
    private string? TakeFirstSentence()
    {
        var text = pending.ToString();
        var chunks = TextChunker.Chunk(text, maxChunkCharacters, firstSentenceAlone: true);
        if (chunks.Count < 2)
        {
            return null;
        }

        var first = chunks[0];
        pending.Remove(0, text.IndexOf(first, StringComparison.Ordinal) + first.Length);
        return first;
    }
}
