using LocalAi.Speech.Chatterbox;

namespace LocalAi.TtsServer.Voices;

/// <summary>
/// The few voice conditionings in use, kept in memory so a request does not re-read (or re-encode) its voice.
/// Bounded, least recently used out first: an unbounded cache is how peers ran out of GPU memory. Concurrent requests
/// for one voice share a single encode. A failed encode is not kept.
/// </summary>
internal sealed class ConditioningLru(int capacity)
{
    private readonly Lock gate = new();
    private readonly LinkedList<(string Key, Task<SpeechConditioning> Value)> order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, Task<SpeechConditioning> Value)>> entries = new(StringComparer.Ordinal);

    /// <summary>Entries held.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>The conditioning for a key, computed by <paramref name="create"/> when it is not held.</summary>
    public Task<SpeechConditioning> GetOrAdd(string key, Func<Task<SpeechConditioning>> create)
    {
        Task<SpeechConditioning> task;
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node) && !node.Value.Value.IsFaulted && !node.Value.Value.IsCanceled)
            {
                order.Remove(node);
                order.AddFirst(node);
                return node.Value.Value;
            }

            if (node is not null)
            {
                order.Remove(node);
                entries.Remove(key);
            }

            task = create();
            entries[key] = order.AddFirst((key, task));
            while (entries.Count > capacity)
            {
                entries.Remove(order.Last!.Value.Key);
                order.RemoveLast();
            }
        }

        return task;
    }

    /// <summary>Forgets every entry whose key starts with <paramref name="prefix"/> (a deleted or replaced voice).</summary>
    public void Forget(string prefix)
    {
        lock (gate)
        {
            foreach (var key in entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                order.Remove(entries[key]);
                entries.Remove(key);
            }
        }
    }
}
