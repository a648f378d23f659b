using Microsoft.Data.Sqlite;

namespace LocalAi.Router.Queue;

/// <summary>
/// Jobs in one SQLite file (WAL, <c>synchronous=FULL</c>: a committed change survives a power cut). Each change is one
/// statement or one immediate transaction, so several routers (or queue instances) may share the file.
/// </summary>
internal sealed class SqliteJobStore : IJobStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS jobs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            webhook_url TEXT,
            status TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            owner TEXT,
            lease TEXT,
            lease_until INTEGER,
            upstream TEXT,
            content_type TEXT,
            audio BLOB,
            error_status INTEGER,
            error TEXT,
            webhook_state TEXT NOT NULL DEFAULT 'none',
            webhook_attempts INTEGER NOT NULL DEFAULT 0,
            webhook_next_at INTEGER);
        CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, seq);
        CREATE INDEX IF NOT EXISTS jobs_by_webhook ON jobs (webhook_state, webhook_next_at);
        """;

    private const string Columns = """
        id, body, webhook_url, status, created_at, started_at, finished_at, attempts, lease,
        CASE WHEN status = 'queued' THEN (SELECT COUNT(*) FROM jobs ahead WHERE ahead.status = 'queued' AND ahead.seq <= jobs.seq) END,
        upstream, content_type, length(audio), error_status, error, webhook_state, webhook_attempts
        """;

    private readonly SqliteConnection connection;

    // One connection per store: commands on it must not interleave.
    private readonly SemaphoreSlim gate = new(1, 1);

    private SqliteJobStore(SqliteConnection connection) => this.connection = connection;

    /// <summary>Opens (creating when needed) the database at <paramref name="path"/>.</summary>
    public static SqliteJobStore Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;" + Schema;
            command.ExecuteNonQuery();
        }

        return new SqliteJobStore(connection);
    }

    public Task<bool> EnqueueAsync(SpeechJob job, int maxQueued, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = Command("""
            INSERT INTO jobs (id, body, webhook_url, status, created_at)
            SELECT $id, $body, $webhook, 'queued', $created
            WHERE (SELECT COUNT(*) FROM jobs WHERE status = 'queued') < $max
            """, ("$id", job.Id), ("$body", job.Body), ("$webhook", job.Webhook?.AbsoluteUri), ("$created", Ms(job.CreatedAt)), ("$max", maxQueued));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }, cancellationToken);

    public Task<SpeechJob?> GetAsync(string id, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = Command($"SELECT {Columns} FROM jobs WHERE id = $id", ("$id", id));
        return (await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }, cancellationToken);

    public Task<IReadOnlyList<SpeechJob>> ListAsync(string? status, int limit, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = Command(
            $"SELECT {Columns} FROM jobs WHERE $status IS NULL OR status = $status ORDER BY seq DESC LIMIT $limit",
            ("$status", status), ("$limit", limit));
        return await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    public Task<byte[]?> AudioAsync(string id, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = Command("SELECT audio FROM jobs WHERE id = $id", ("$id", id));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }, cancellationToken);

    public Task<SpeechJob?> ClaimNextAsync(string owner, string lease, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        WithConnectionAsync(async () =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var expire = Command(
                "UPDATE jobs SET status = 'queued', owner = NULL, lease = NULL, lease_until = NULL WHERE status = 'running' AND lease_until < $now",
                ("$now", Ms(now))))
            {
                await expire.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using var claim = Command($"""
                UPDATE jobs SET status = 'running', owner = $owner, lease = $lease, lease_until = $until, started_at = $now, attempts = attempts + 1
                WHERE seq = (SELECT seq FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT 1)
                RETURNING {Columns}
                """, ("$owner", owner), ("$lease", lease), ("$until", Ms(leaseUntil)), ("$now", Ms(now)));
            var job = (await ReadJobsAsync(claim, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return job;
        }, cancellationToken);

    public Task<bool> RenewLeaseAsync(string id, string lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE jobs SET lease_until = $until WHERE id = $id AND lease = $lease AND status = 'running'",
            cancellationToken, ("$id", id), ("$lease", lease), ("$until", Ms(leaseUntil)));

    public Task<bool> ReleaseAsync(string id, string lease, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE jobs SET status = 'queued', owner = NULL, lease = NULL, lease_until = NULL WHERE id = $id AND lease = $lease AND status = 'running'",
            cancellationToken, ("$id", id), ("$lease", lease));

    public Task<bool> FinishAsync(string id, string lease, JobFinish finish, CancellationToken cancellationToken) =>
        ChangeAsync("""
            UPDATE jobs SET status = $status, finished_at = $finished, owner = NULL, lease = NULL, lease_until = NULL,
                upstream = $upstream, content_type = $type, audio = $audio, error_status = $errorStatus, error = $error,
                webhook_state = CASE WHEN webhook_url IS NULL THEN 'none' ELSE 'pending' END,
                webhook_next_at = CASE WHEN webhook_url IS NULL THEN NULL ELSE $finished END
            WHERE id = $id AND lease = $lease AND status = 'running'
            """,
            cancellationToken, ("$id", id), ("$lease", lease), ("$status", finish.Status), ("$finished", Ms(finish.FinishedAt)),
            ("$upstream", finish.Upstream), ("$type", finish.ContentType), ("$audio", finish.Audio), ("$errorStatus", finish.ErrorStatus), ("$error", finish.Error));

    public Task<int> RecoverOwnAsync(string owner, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = Command(
            "UPDATE jobs SET status = 'queued', owner = NULL, lease = NULL, lease_until = NULL WHERE status = 'running' AND owner = $owner",
            ("$owner", owner));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    public Task<string?> CancelAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var read = Command("SELECT status FROM jobs WHERE id = $id", ("$id", id));
        var status = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        if (status == JobStatus.Queued)
        {
            using var cancel = Command("UPDATE jobs SET status = 'cancelled', finished_at = $now WHERE id = $id", ("$id", id), ("$now", Ms(now)));
            await cancel.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return status;
    }, cancellationToken);

    public Task<QueueStats> StatsAsync(CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = Command("SELECT COUNT(*), MIN(created_at) FROM jobs WHERE status = 'queued'");
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new QueueStats(reader.GetInt64(0), reader.IsDBNull(1) ? null : FromMs(reader.GetInt64(1)));
    }, cancellationToken);

    public Task<SpeechJob?> ClaimWebhookAsync(DateTimeOffset now, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        WithConnectionAsync(async () =>
        {
            using var command = Command($"""
                UPDATE jobs SET webhook_next_at = $retry
                WHERE seq = (SELECT seq FROM jobs WHERE webhook_state = 'pending' AND webhook_next_at <= $now ORDER BY webhook_next_at, seq LIMIT 1)
                RETURNING {Columns}
                """, ("$now", Ms(now)), ("$retry", Ms(retryAt)));
            return (await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
        }, cancellationToken);

    public Task<DateTimeOffset?> NextWebhookDueAsync(CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = Command("SELECT MIN(webhook_next_at) FROM jobs WHERE webhook_state = 'pending'");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long next ? FromMs(next) : (DateTimeOffset?)null;
    }, cancellationToken);

    public Task RecordWebhookAsync(string id, string state, int attempts, DateTimeOffset? nextAt, CancellationToken cancellationToken) =>
        ChangeAsync("UPDATE jobs SET webhook_state = $state, webhook_attempts = $attempts, webhook_next_at = $next WHERE id = $id",
            cancellationToken, ("$id", id), ("$state", state), ("$attempts", attempts), ("$next", nextAt is { } next ? Ms(next) : null));

    public Task<int> PurgeAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken) => WithConnectionAsync(async () =>
    {
        using var command = Command(
            "DELETE FROM jobs WHERE finished_at < $before AND status IN ('completed', 'failed', 'cancelled') AND webhook_state <> 'pending'",
            ("$before", Ms(finishedBefore)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        gate.Dispose();
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static async Task<IReadOnlyList<SpeechJob>> ReadJobsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<SpeechJob>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(new SpeechJob
            {
                Id = reader.GetString(0),
                Body = reader.GetString(1),
                Webhook = reader.IsDBNull(2) ? null : new Uri(reader.GetString(2)),
                Status = reader.GetString(3),
                CreatedAt = FromMs(reader.GetInt64(4)),
                StartedAt = reader.IsDBNull(5) ? null : FromMs(reader.GetInt64(5)),
                FinishedAt = reader.IsDBNull(6) ? null : FromMs(reader.GetInt64(6)),
                Attempts = reader.GetInt32(7),
                Lease = reader.IsDBNull(8) ? null : reader.GetString(8),
                QueuePosition = reader.IsDBNull(9) ? null : reader.GetInt64(9),
                Upstream = reader.IsDBNull(10) ? null : reader.GetString(10),
                ContentType = reader.IsDBNull(11) ? null : reader.GetString(11),
                AudioBytes = reader.IsDBNull(12) ? null : reader.GetInt64(12),
                ErrorStatus = reader.IsDBNull(13) ? null : reader.GetInt32(13),
                Error = reader.IsDBNull(14) ? null : reader.GetString(14),
                WebhookState = reader.GetString(15),
                WebhookAttempts = reader.GetInt32(16),
            });
        }

        return jobs;
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private Task<bool> ChangeAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WithConnectionAsync(async () =>
        {
            using var command = Command(sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken);

    private async Task<T> WithConnectionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
