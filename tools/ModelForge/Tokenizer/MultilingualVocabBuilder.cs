namespace LocalAi.ModelForge.Tokenizer;

/// <summary>Token ids handed out in order, skipping the ids already pinned (such as <c>[START]</c> at 255).</summary>
internal sealed class MultilingualVocabBuilder
{
    private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
    private readonly HashSet<int> taken = [];
    private int next;

    /// <summary>Number of tokens so far.</summary>
    public int Count => ids.Count;

    /// <summary>Adds <paramref name="token"/> at the next free id, or at <paramref name="id"/>; a known token is kept as is.</summary>
    public void Add(string token, int? id = null)
    {
        if (ids.ContainsKey(token))
        {
            return;
        }

        if (id is null)
        {
            while (taken.Contains(next))
            {
                next++;
            }

            id = next;
        }

        ids[token] = id.Value;
        taken.Add(id.Value);
    }

    /// <summary>The id of a token that is there.</summary>
    public int IdOf(string token) => ids[token];

    /// <summary>Every token with its id, lowest id first.</summary>
    public IEnumerable<(string Token, int Id)> InIdOrder() => ids.OrderBy(p => p.Value).Select(p => (p.Key, p.Value));
}
