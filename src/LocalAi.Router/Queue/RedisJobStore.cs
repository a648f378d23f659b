using System.Globalization;
using LocalAi.Router.Redis;
using StackExchange.Redis;

namespace LocalAi.Router.Queue;

/// <summary>
/// Jobs in Redis, shared by several routers: a hash per job and sorted sets for the queue (by sequence, so a released
/// job goes back to its place), running jobs (by lease end), finished jobs (by finish time), all jobs and due webhooks.
/// Every change is one Lua script, which Redis runs atomically: two routers can never claim the same job. Durability
/// is the Redis server's (use <c>appendonly yes</c> with <c>appendfsync always</c> for the SQLite store's guarantee).
/// Every key carries the hash tag <c>{localai:router:queue}</c>, so on Redis Cluster the whole queue lives in one hash
/// slot (one shard): a script may then touch the queue's sets and any job's hash, as one FIFO with atomic claims needs.
/// </summary>
internal sealed class RedisJobStore : IJobStore
{
    private const string Prefix = "{localai:router:queue}:";
    private const string JobPrefix = Prefix + "job:";
    private static readonly RedisKey Sequence = Prefix + "seq";
    private static readonly RedisKey Pending = Prefix + "pending";
    private static readonly RedisKey Running = Prefix + "running";
    private static readonly RedisKey Finished = Prefix + "finished";
    private static readonly RedisKey AllJobs = Prefix + "all";
    private static readonly RedisKey Webhooks = Prefix + "webhooks";

    private static readonly RedisValue[] Fields =
    [
        "id", "body", "webhook_url", "status", "created_at", "started_at", "finished_at", "attempts", "lease",
        "upstream", "content_type", "audio_bytes", "error_status", "error", "webhook_state", "webhook_attempts",
    ];

    // Requeues the running job KEYS[2] names by id in ARGV[2]; shared by release, recovery and lease expiry.
    private const string RequeueFunction = """
        local function requeue(id)
          local key = ARGV[1] .. id
          redis.call('HSET', key, 'status', 'queued')
          redis.call('HDEL', key, 'owner', 'lease', 'lease_until')
          redis.call('ZREM', KEYS[2], id)
          redis.call('ZADD', KEYS[1], redis.call('HGET', key, 'seq'), id)
        end
        """;

    private const string EnqueueScript = """
        if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 0 end
        local seq = redis.call('INCR', KEYS[1])
        local key = ARGV[1] .. ARGV[3]
        redis.call('HSET', key, 'id', ARGV[3], 'seq', seq, 'body', ARGV[4], 'status', 'queued', 'created_at', ARGV[6],
          'attempts', 0, 'webhook_state', 'none', 'webhook_attempts', 0)
        if ARGV[5] ~= '' then redis.call('HSET', key, 'webhook_url', ARGV[5]) end
        redis.call('ZADD', KEYS[2], seq, ARGV[3])
        redis.call('ZADD', KEYS[3], seq, ARGV[3])
        return 1
        """;

    private const string ClaimScript = RequeueFunction + "\n" + """
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])) do requeue(id) end
        local head = redis.call('ZRANGE', KEYS[1], 0, 0)
        if #head == 0 then return false end
        local id = head[1]
        local key = ARGV[1] .. id
        redis.call('ZREM', KEYS[1], id)
        redis.call('HSET', key, 'status', 'running', 'owner', ARGV[2], 'lease', ARGV[3], 'lease_until', ARGV[5], 'started_at', ARGV[4])
        redis.call('HINCRBY', key, 'attempts', 1)
        redis.call('ZADD', KEYS[2], ARGV[5], id)
        return id
        """;

    private const string ReleaseScript = RequeueFunction + "\n" + """
        local key = ARGV[1] .. ARGV[2]
        if redis.call('HGET', key, 'status') ~= 'running' or redis.call('HGET', key, 'lease') ~= ARGV[3] then return 0 end
        requeue(ARGV[2])
        return 1
        """;

    private const string RecoverScript = RequeueFunction + "\n" + """
        local count = 0
        for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
          if redis.call('HGET', ARGV[1] .. id, 'owner') == ARGV[2] then requeue(id); count = count + 1 end
        end
        return count
        """;

    private const string RenewScript = """
        local key = ARGV[1] .. ARGV[2]
        if redis.call('HGET', key, 'status') ~= 'running' or redis.call('HGET', key, 'lease') ~= ARGV[3] then return 0 end
        redis.call('HSET', key, 'lease_until', ARGV[4])
        redis.call('ZADD', KEYS[1], ARGV[4], ARGV[2])
        return 1
        """;

    private const string FinishScript = """
        local key = ARGV[1] .. ARGV[2]
        if redis.call('HGET', key, 'status') ~= 'running' or redis.call('HGET', key, 'lease') ~= ARGV[3] then return 0 end
        redis.call('HSET', key, 'status', ARGV[4], 'finished_at', ARGV[5])
        redis.call('HDEL', key, 'owner', 'lease', 'lease_until')
        if ARGV[6] ~= '' then redis.call('HSET', key, 'upstream', ARGV[6]) end
        if ARGV[7] ~= '' then redis.call('HSET', key, 'content_type', ARGV[7], 'audio', ARGV[8], 'audio_bytes', string.len(ARGV[8])) end
        if ARGV[9] ~= '' then redis.call('HSET', key, 'error_status', ARGV[9], 'error', ARGV[10]) end
        redis.call('ZREM', KEYS[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[5], ARGV[2])
        if redis.call('HEXISTS', key, 'webhook_url') == 1 then
          redis.call('HSET', key, 'webhook_state', 'pending')
          redis.call('ZADD', KEYS[3], ARGV[5], ARGV[2])
        end
        return 1
        """;

    private const string CancelScript = """
        local key = ARGV[1] .. ARGV[2]
        local status = redis.call('HGET', key, 'status')
        if status == 'queued' then
          redis.call('HSET', key, 'status', 'cancelled', 'finished_at', ARGV[3])
          redis.call('ZREM', KEYS[1], ARGV[2])
          redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
        end
        return status
        """;

    private const string ClaimWebhookScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, 1)
        if #due == 0 then return false end
        redis.call('ZADD', KEYS[1], ARGV[3], due[1])
        return due[1]
        """;

    private const string RecordWebhookScript = """
        local key = ARGV[1] .. ARGV[2]
        redis.call('HSET', key, 'webhook_state', ARGV[3], 'webhook_attempts', ARGV[4])
        if ARGV[3] == 'pending' then redis.call('ZADD', KEYS[1], ARGV[5], ARGV[2]) else redis.call('ZREM', KEYS[1], ARGV[2]) end
        return 1
        """;

    private const string PurgeScript = """
        local count = 0
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])) do
          local key = ARGV[1] .. id
          if redis.call('HGET', key, 'webhook_state') ~= 'pending' then
            redis.call('DEL', key)
            redis.call('ZREM', KEYS[1], id)
            redis.call('ZREM', KEYS[2], id)
            count = count + 1
          end
        end
        return count
        """;

    private readonly ConnectionMultiplexer connection;
    private readonly IDatabase database;

    private RedisJobStore(ConnectionMultiplexer connection)
    {
        this.connection = connection;
        database = connection.GetDatabase();
    }

    /// <summary>Connects to the Redis server(s) in <paramref name="configuration"/> (a StackExchange.Redis connection string).</summary>
    public static async Task<RedisJobStore> ConnectAsync(string configuration) =>
        new(await RedisConnection.ConnectAsync(configuration).ConfigureAwait(false));

    public async Task<bool> EnqueueAsync(SpeechJob job, int maxQueued, CancellationToken cancellationToken) =>
        (int)await RunAsync(EnqueueScript, [Sequence, Pending, AllJobs],
            [maxQueued, job.Id, job.Body, job.Webhook?.AbsoluteUri ?? "", Ms(job.CreatedAt)]).ConfigureAwait(false) == 1;

    public async Task<SpeechJob?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var values = await database.HashGetAsync(JobPrefix + id, Fields).ConfigureAwait(false);
        if (values[0].IsNull)
        {
            return null;
        }

        var job = ToJob(values);
        return job.Status == JobStatus.Queued
            ? job with { QueuePosition = await database.SortedSetRankAsync(Pending, id).ConfigureAwait(false) + 1 }
            : job;
    }

    public async Task<IReadOnlyList<SpeechJob>> ListAsync(string? status, int limit, CancellationToken cancellationToken)
    {
        const int Page = 100;
        var jobs = new List<SpeechJob>();
        for (long start = 0; jobs.Count < limit; start += Page)
        {
            var ids = await database.SortedSetRangeByRankAsync(AllJobs, start, start + Page - 1, Order.Descending).ConfigureAwait(false);
            foreach (var id in ids)
            {
                if (await GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false) is { } job && (status is null || job.Status == status) && jobs.Count < limit)
                {
                    jobs.Add(job);
                }
            }

            if (ids.Length < Page)
            {
                break;
            }
        }

        return jobs;
    }

    public async Task<byte[]?> AudioAsync(string id, CancellationToken cancellationToken) =>
        await database.HashGetAsync(JobPrefix + id, "audio").ConfigureAwait(false);

    public async Task<SpeechJob?> ClaimNextAsync(string owner, string lease, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var id = await RunAsync(ClaimScript, [Pending, Running], [owner, lease, Ms(now), Ms(leaseUntil)]).ConfigureAwait(false);
        return id.IsNull ? null : await GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RenewLeaseAsync(string id, string lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        (int)await RunAsync(RenewScript, [Running], [id, lease, Ms(leaseUntil)]).ConfigureAwait(false) == 1;

    public async Task<bool> ReleaseAsync(string id, string lease, CancellationToken cancellationToken) =>
        (int)await RunAsync(ReleaseScript, [Pending, Running], [id, lease]).ConfigureAwait(false) == 1;

    public async Task<bool> FinishAsync(string id, string lease, JobFinish finish, CancellationToken cancellationToken) =>
        (int)await RunAsync(FinishScript, [Running, Finished, Webhooks],
        [
            id, lease, finish.Status, Ms(finish.FinishedAt), finish.Upstream ?? "", finish.ContentType ?? "", finish.Audio ?? [],
            finish.ErrorStatus?.ToString(CultureInfo.InvariantCulture) ?? "", finish.Error ?? "",
        ]).ConfigureAwait(false) == 1;

    public async Task<int> RecoverOwnAsync(string owner, CancellationToken cancellationToken) =>
        (int)await RunAsync(RecoverScript, [Pending, Running], [owner]).ConfigureAwait(false);

    public async Task<string?> CancelAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = await RunAsync(CancelScript, [Pending, Finished], [id, Ms(now)]).ConfigureAwait(false);
        return status.IsNull ? null : status.ToString();
    }

    public async Task<QueueStats> StatsAsync(CancellationToken cancellationToken)
    {
        var depth = await database.SortedSetLengthAsync(Pending).ConfigureAwait(false);
        var head = await database.SortedSetRangeByRankAsync(Pending, 0, 0).ConfigureAwait(false);
        var created = head.Length == 0 ? RedisValue.Null : await database.HashGetAsync(JobPrefix + head[0].ToString(), "created_at").ConfigureAwait(false);
        return new QueueStats(depth, created.IsNull ? null : FromMs((long)created));
    }

    public async Task<SpeechJob?> ClaimWebhookAsync(DateTimeOffset now, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        var id = await RunAsync(ClaimWebhookScript, [Webhooks], [Ms(now), Ms(retryAt)]).ConfigureAwait(false);
        return id.IsNull ? null : await GetAsync(id.ToString(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> NextWebhookDueAsync(CancellationToken cancellationToken)
    {
        var next = await database.SortedSetRangeByRankWithScoresAsync(Webhooks, 0, 0).ConfigureAwait(false);
        return next.Length == 0 ? null : FromMs((long)next[0].Score);
    }

    public Task RecordWebhookAsync(string id, string state, int attempts, DateTimeOffset? nextAt, CancellationToken cancellationToken) =>
        RunAsync(RecordWebhookScript, [Webhooks], [id, state, attempts, nextAt is { } next ? Ms(next) : 0]);

    public async Task<int> PurgeAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken) =>
        (int)await RunAsync(PurgeScript, [Finished, AllJobs], [Ms(finishedBefore)]).ConfigureAwait(false);

    public async ValueTask DisposeAsync() => await connection.DisposeAsync().ConfigureAwait(false);

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? OptionalTime(RedisValue value) => value.IsNull ? null : FromMs((long)value);

    private static SpeechJob ToJob(RedisValue[] values) => new()
    {
        Id = values[0].ToString(),
        Body = values[1].ToString(),
        Webhook = values[2].IsNull ? null : new Uri(values[2].ToString()),
        Status = values[3].ToString(),
        CreatedAt = FromMs((long)values[4]),
        StartedAt = OptionalTime(values[5]),
        FinishedAt = OptionalTime(values[6]),
        Attempts = (int)values[7],
        Lease = values[8].IsNull ? null : values[8].ToString(),
        Upstream = values[9].IsNull ? null : values[9].ToString(),
        ContentType = values[10].IsNull ? null : values[10].ToString(),
        AudioBytes = values[11].IsNull ? null : (long)values[11],
        ErrorStatus = values[12].IsNull ? null : (int)values[12],
        Error = values[13].IsNull ? null : values[13].ToString(),
        WebhookState = values[14].ToString(),
        WebhookAttempts = (int)values[15],
    };

    // ARGV[1] is always the job key prefix, so scripts can address job hashes by id.
    private Task<RedisResult> RunAsync(string script, RedisKey[] keys, RedisValue[] arguments) =>
        database.ScriptEvaluateAsync(script, keys, [JobPrefix, .. arguments]);
}
