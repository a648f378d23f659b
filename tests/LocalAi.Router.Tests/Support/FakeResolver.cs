using System.Net;
using LocalAi.Router.Upstreams;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// DNS as a test scripts it: the addresses a name resolves to now, a failing lookup, or a lookup held until the test
/// lets it answer; it counts the lookups.
/// </summary>
public sealed class FakeResolver(params string[] addresses) : IUpstreamResolver
{
    private volatile IPAddress[]? answer = [.. addresses.Select(IPAddress.Parse)];
    private volatile TaskCompletionSource? hold;
    private int lookups;

    /// <summary>Lookups asked for so far (held ones included).</summary>
    public int Lookups => Volatile.Read(ref lookups);

    /// <summary>From now on the name resolves to <paramref name="next"/> (none: the name does not exist).</summary>
    public void Answer(params string[] next) => answer = [.. next.Select(IPAddress.Parse)];

    /// <summary>From now on a lookup fails (DNS down).</summary>
    public void Fail() => answer = null;

    /// <summary>Lookups from now on wait until <see cref="Release"/>.</summary>
    public void Hold() => hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets held lookups answer.</summary>
    public void Release() => hold?.TrySetResult();

    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref lookups);
        if (hold is { } held)
        {
            await held.Task.WaitAsync(cancellationToken);
        }

        return answer ?? throw new HttpRequestException("lookup timed out");
    }
}
