using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sluice.Distributed;
using Sluice.Sqlite.Connection;
using Sluice.Sqlite.State;
using Sluice.State;

namespace Sluice.Sqlite.Distributed;

/// <summary>
/// The work queue on SQLite: every write is a <c>BEGIN IMMEDIATE</c> transaction, so SQLite's single writer
/// serializes claims and completions across threads and processes (no <c>SKIP LOCKED</c> needed). Idle
/// workers in this process are woken when work is queued here; other processes poll.
/// </summary>
internal sealed partial class SqliteWorkQueue(SqliteStateStore store) : IWorkStore
{
    private static readonly TimeSpan CrossProcessPoll = TimeSpan.FromMilliseconds(250);
    private static readonly ConcurrentDictionary<string, Lazy<Signal>> Signals = new(StringComparer.Ordinal);
    private readonly Signal _signal = Signals.GetOrAdd(store.Path, static _ => new Lazy<Signal>(() => new Signal())).Value;

    public Task<IReadOnlyList<ClaimedWork>> ClaimAsync(ClaimRequest r, CancellationToken cancellationToken) =>
        store.WriteTransactionAsync<IReadOnlyList<ClaimedWork>>((conn, tx) =>
        {
            // The write transaction is SQLite's one writer, so the pools' counts below cannot change before the claims.
            var list = new List<ClaimedWork>(r.Max);
            var parts = r.PoolLimits is { Count: > 0 } ? r.WithinPools(LeasedIn(conn, tx, r.PoolLimits.Keys, r.Now)) : [r];
            foreach (var part in parts)
            {
                if (list.Count < r.Max)
                {
                    ClaimPart(conn, tx, part with { Max = Math.Min(part.Max, r.Max - list.Count) }, list);
                }
            }
            list.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            var batch = new StateBatch();
            foreach (var w in list)
            {
                if (w.Kind == WorkKind.Task)
                {
                    batch.Tasks.Add(new TaskInstanceRecord { RunId = w.RunId!, TaskId = w.TaskId!, MapIndex = w.MapIndex, State = TaskState.Running, Attempt = w.Attempt, StartedAt = r.Now });
                    batch.Attempts.Add(new AttemptRecord(w.RunId!, w.TaskId!, w.MapIndex, w.Attempt, TaskState.Running, r.Now, null, null, r.Owner));
                }
            }
            if (!batch.IsEmpty)
            {
                // A mapped parent is never claimed, so replacing the whole row (map_count included) is safe.
                store.ApplyBatch(batch, tx);
            }
            return Task.FromResult<IReadOnlyList<ClaimedWork>>(list);
        }, cancellationToken);

    private static void ClaimPart(SqliteConnection conn, SqliteTransaction tx, ClaimRequest r, List<ClaimedWork> list)
    {
        using var cmd = Command(conn, tx, """
            UPDATE work_items SET state = 'leased', lease_owner = $owner, lease_expires_at = $until, attempt = attempt + 1
            WHERE id IN (
                SELECT id FROM work_items
                WHERE state = 'ready' AND available_at <= $now
                  AND ((($queues IS NULL AND queue NOT LIKE 'local:%') OR queue IN (SELECT value FROM json_each($queues))) OR queue = $local)
                  AND ($excluded IS NULL OR queue NOT IN (SELECT value FROM json_each($excluded)))
                  AND (kind = 'task' OR name IN (SELECT value FROM json_each($names)) OR queue = $local)
                  AND ($run IS NULL OR (kind = 'task' AND run_id = $run AND task_id = $task))
                ORDER BY priority DESC, id LIMIT $max)
            RETURNING id, kind, queue, attempt, lost, run_id, task_id, map_index, name, args, max_retries
            """);
        Add(cmd, "$owner", r.Owner);
        Add(cmd, "$until", SqliteTime.ToStored(r.Now + r.LeaseDuration));
        Add(cmd, "$now", SqliteTime.ToStored(r.Now));
        Add(cmd, "$queues", Json(r.Queues));
        Add(cmd, "$excluded", Json(r.ExcludedQueues));
        Add(cmd, "$local", r.LocalQueue);
        Add(cmd, "$names", Json(r.JobNames ?? []));
        Add(cmd, "$max", r.Max);
        Add(cmd, "$run", r.Only?.RunId);
        Add(cmd, "$task", r.Only?.TaskId);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new ClaimedWork
            {
                Id = reader.GetInt64(0),
                Kind = reader.GetString(1) == "job" ? WorkKind.Job : WorkKind.Task,
                Queue = reader.GetString(2),
                Attempt = reader.GetInt32(3),
                Lost = reader.GetInt32(4),
                RunId = reader.IsDBNull(5) ? null : reader.GetString(5),
                TaskId = reader.IsDBNull(6) ? null : reader.GetString(6),
                MapIndex = reader.IsDBNull(7) ? -1 : reader.GetInt32(7),
                Name = reader.IsDBNull(8) ? null : reader.GetString(8),
                ArgsJson = reader.IsDBNull(9) ? null : reader.GetString(9),
                MaxRetries = reader.GetInt32(10),
            });
        }
    }

    /// <summary>Items of <paramref name="queues"/> whose lease is held now (an expired lease's worker is gone).</summary>
    private static Dictionary<string, int> LeasedIn(SqliteConnection conn, SqliteTransaction tx, IEnumerable<string> queues, DateTimeOffset now)
    {
        using var cmd = Command(conn, tx, """
            SELECT queue, count(*) FROM work_items
            WHERE state = 'leased' AND lease_expires_at >= $now AND queue IN (SELECT value FROM json_each($queues))
            GROUP BY queue
            """);
        Add(cmd, "$now", SqliteTime.ToStored(now));
        Add(cmd, "$queues", Json([.. queues]));
        var leased = new Dictionary<string, int>(StringComparer.Ordinal);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            leased[reader.GetString(0)] = reader.GetInt32(1);
        }
        return leased;
    }

    public Task<IReadOnlyList<long>> RenewLeasesAsync(string owner, IReadOnlyList<long> ids, DateTimeOffset until, CancellationToken cancellationToken) =>
        store.WriteTransactionAsync<IReadOnlyList<long>>((conn, tx) =>
        {
            // Items told to stop (a task item with a cancel reason in error) stay renewed but are not returned.
            using var cmd = Command(conn, tx, """
                UPDATE work_items SET lease_expires_at = $until
                WHERE lease_owner = $owner AND state = 'leased' AND id IN (SELECT value FROM json_each($ids))
                RETURNING id, kind = 'task' AND error IS NOT NULL
                """);
            Add(cmd, "$until", SqliteTime.ToStored(until));
            Add(cmd, "$owner", owner);
            Add(cmd, "$ids", JsonSerializer.Serialize(ids));
            var held = new List<long>(ids.Count);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (r.GetInt64(1) == 0)
                {
                    held.Add(r.GetInt64(0));
                }
            }
            return Task.FromResult<IReadOnlyList<long>>(held);
        }, cancellationToken);

    public async Task<int> RequeueExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var n = await store.WriteTransactionAsync((conn, tx) => Task.FromResult(Requeue(conn, tx, now)), cancellationToken).ConfigureAwait(false);
        if (n > 0)
        {
            _signal.Set();
        }
        return n;
    }

    public async Task<int> AbandonLeasesAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var n = await store.WriteTransactionAsync((conn, tx) =>
        {
            using (var cmd = Command(conn, tx, "UPDATE work_items SET lease_expires_at = $at WHERE lease_owner = $owner AND state = 'leased'"))
            {
                Add(cmd, "$at", SqliteTime.ToStored(now) - 1);
                Add(cmd, "$owner", owner);
                cmd.ExecuteNonQuery();
            }
            return Task.FromResult(Requeue(conn, tx, now));
        }, cancellationToken).ConfigureAwait(false);
        if (n > 0)
        {
            _signal.Set();
        }
        return n;
    }

    public async Task<TResult> InTransactionAsync<TState, TResult>(TState state, Func<IWorkTransaction, TState, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var queued = false;
        var stopped = false;
        var result = await store.WriteTransactionAsync(async (conn, tx) =>
        {
            var t = new SqliteWorkTransaction(store, conn, tx);
            var r = await work(t, state, cancellationToken).ConfigureAwait(false);
            queued = t.QueuedWork;
            stopped = t.Stopped;
            return r;
        }, cancellationToken).ConfigureAwait(false);
        if (queued)
        {
            _signal.Set();
        }
        if (stopped)
        {
            // Workers of this process on this file stop at once; other processes see it at their next lease check.
            CancelNotices.Raise(this);
        }
        return result;
    }

    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Other processes cannot signal this one: cap the wait so their work is seen soon.
        var wait = timeout < CrossProcessPoll ? timeout : CrossProcessPoll;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(_signal.Current, Task.Delay(wait, cts.Token)).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static int Requeue(SqliteConnection conn, SqliteTransaction tx, DateTimeOffset now)
    {
        var expired = new List<(long Id, string Kind, string? Run, string? Task, int Map, int Attempt, string? Owner)>();
        using (var select = Command(conn, tx, """
            SELECT id, kind, run_id, task_id, map_index, attempt, lease_owner FROM work_items
            WHERE state = 'leased' AND lease_expires_at < $now AND (kind <> 'task' OR error IS NULL) ORDER BY id LIMIT 10000
            """))
        {
            Add(select, "$now", SqliteTime.ToStored(now));
            using var r = select.ExecuteReader();
            while (r.Read())
            {
                expired.Add((r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.IsDBNull(4) ? -1 : r.GetInt32(4), r.GetInt32(5), r.IsDBNull(6) ? null : r.GetString(6)));
            }
        }
        using var update = Command(conn, tx, "UPDATE work_items SET state = 'ready', lease_owner = NULL, lease_expires_at = NULL, lost = lost + 1, available_at = $now WHERE id = $id");
        using var attempt = Command(conn, tx, "UPDATE task_attempts SET state = 'up_for_retry', ended_at = $now, error = $error WHERE run_id = $run AND task_id = $task AND map_index = $map AND attempt = $attempt");
        using var instance = Command(conn, tx, "UPDATE task_instances SET state = 'up_for_retry', error = $error WHERE run_id = $run AND task_id = $task AND map_index = $map AND attempt = $attempt");
        foreach (var e in expired)
        {
            Set(update, ("$now", SqliteTime.ToStored(now)), ("$id", e.Id));
            update.ExecuteNonQuery();
            if (e.Kind != "task")
            {
                continue;
            }
            var error = $"lease lost: worker {e.Owner} stopped renewing it (crashed, stopped or cut off); retried on another worker";
            Set(attempt, ("$now", SqliteTime.ToStored(now)), ("$error", error), ("$run", e.Run), ("$task", e.Task), ("$map", e.Map), ("$attempt", e.Attempt));
            attempt.ExecuteNonQuery();
            Set(instance, ("$error", $"lease lost: worker {e.Owner} stopped renewing it"), ("$run", e.Run), ("$task", e.Task), ("$map", e.Map), ("$attempt", e.Attempt));
            instance.ExecuteNonQuery();
        }
        return expired.Count;
    }

    /// <summary>Wakes every in-process waiter at once (a new task per round).</summary>
    private sealed class Signal
    {
        private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Current => Volatile.Read(ref _tcs).Task;

        public void Set() => Interlocked.Exchange(ref _tcs, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
