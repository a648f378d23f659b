namespace LocalAi.TtsServer.Status;

/// <summary>The last finished requests, a fixed number of them, oldest dropped first.</summary>
internal sealed class RecentRequests(int capacity)
{
    private readonly Lock gate = new();
    private readonly RecentRequest[] ring = new RecentRequest[capacity];
    private int next;
    private int count;

    public void Add(RecentRequest request)
    {
        lock (gate)
        {
            ring[next] = request;
            next = (next + 1) % ring.Length;
            count = Math.Min(count + 1, ring.Length);
        }
    }

    /// <summary>The requests, newest first.</summary>
    public IReadOnlyList<RecentRequest> NewestFirst()
    {
        lock (gate)
        {
            var list = new RecentRequest[count];
            for (var i = 0; i < count; i++)
            {
                list[i] = ring[(next - 1 - i + ring.Length) % ring.Length];
            }

            return list;
        }
    }
}
