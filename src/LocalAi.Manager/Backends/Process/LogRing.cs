namespace LocalAi.Manager.Backends.Process;

/// <summary>The last lines a backend wrote, kept for error reports; older lines fall off. Thread-safe.</summary>
public sealed class LogRing
{
    private readonly Queue<string> lines = new();
    private readonly Lock gate = new();
    private readonly int capacity;

    /// <summary>Creates a ring that keeps <paramref name="capacity"/> lines.</summary>
    public LogRing(int capacity = 200)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        this.capacity = capacity;
    }

    /// <summary>Adds a line, dropping the oldest when full.</summary>
    public void Add(string line)
    {
        lock (gate)
        {
            if (lines.Count == capacity)
            {
                lines.Dequeue();
            }

            lines.Enqueue(line);
        }
    }

    /// <summary>The last <paramref name="maxLines"/> lines, oldest first.</summary>
    public IReadOnlyList<string> Last(int maxLines)
    {
        lock (gate)
        {
            return [.. lines.Skip(Math.Max(0, lines.Count - maxLines))];
        }
    }
}
