namespace LocalAi.Speech.Chatterbox.Batching;

/// <summary>
/// Who may join the batch: at most <paramref name="maxRows"/> generating rows, and the padded cache (rows × the
/// longest row any of them may reach × bytes per position) within <paramref name="cacheBudgetBytes"/>. A request
/// alone is always admitted, whatever its size. Joiners are taken in arrival order; one that does not fit keeps
/// those behind it waiting, so nobody is overtaken for ever.
/// </summary>
internal sealed class BatchLimits(int maxRows, long cacheBudgetBytes, long bytesPerPosition)
{
    /// <summary>Whether the first waiting request could join now.</summary>
    public bool Admits(IReadOnlyList<BatchMember> live, IReadOnlyList<BatchMember> waiting) =>
        waiting.Count > 0 && Fits(Staying(live), waiting[0]);

    /// <summary>Removes from <paramref name="waiting"/> and returns those that join now.</summary>
    public List<BatchMember> Admit(IReadOnlyList<BatchMember> live, List<BatchMember> waiting)
    {
        var members = Staying(live);
        var joining = new List<BatchMember>();
        while (waiting.Count > 0 && Fits(members, waiting[0]))
        {
            members.Add(waiting[0]);
            joining.Add(waiting[0]);
            waiting.RemoveAt(0);
        }

        return joining;
    }

    private static List<BatchMember> Staying(IReadOnlyList<BatchMember> live) => [.. live.Where(m => !m.Left)];

    private bool Fits(List<BatchMember> members, BatchMember candidate)
    {
        if (members.Count == 0)
        {
            return true;
        }

        if (members.Count >= maxRows)
        {
            return false;
        }

        var longest = Math.Max(candidate.MaxCacheLength, members.Max(m => m.MaxCacheLength));
        return (members.Count + 1) * (long)longest * bytesPerPosition <= cacheBudgetBytes;
    }
}
