using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sluice.Distributed;
using Sluice.Sqlite.Connection;
using Sluice.Sqlite.State;
using Sluice.State;
using static Sluice.Sqlite.Distributed.SqliteWorkQueue;

namespace Sluice.Sqlite.Distributed;

/// <summary>The operations of one work transaction on SQLite: prepared statements run row by row in-process.</summary>
internal sealed partial class SqliteWorkTransaction(SqliteStateStore store, SqliteConnection conn, SqliteTransaction tx) : IWorkTransaction
{
    /// <summary>True when this transaction made work ready (in-process waiters are woken after commit).</summary>
    public bool QueuedWork { get; private set; }

    /// <summary>True when this transaction told running items to stop (in-process workers are notified after commit).</summary>
    public bool Stopped { get; private set; }

    public Task<IReadOnlyList<ReleasedWork>> ReleaseAsync(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        using var cmd = Command(conn, tx, """
            DELETE FROM work_items WHERE id IN (SELECT value FROM json_each($ids)) AND lease_owner = $owner AND state = 'leased' AND kind = 'task'
            RETURNING id, error
            """);
        Set(cmd, ("$ids", JsonSerializer.Serialize(ids)), ("$owner", owner));
        return Task.FromResult<IReadOnlyList<ReleasedWork>>(ReadReleased(cmd));
    }

    public Task<IReadOnlyList<ReleasedWork>> GetStoppingAsync(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        using var cmd = Command(conn, tx, """
            SELECT id, error FROM work_items
            WHERE id IN (SELECT value FROM json_each($ids)) AND lease_owner = $owner AND state = 'leased' AND kind = 'task' AND error IS NOT NULL
            """);
        Set(cmd, ("$ids", JsonSerializer.Serialize(ids)), ("$owner", owner));
        return Task.FromResult<IReadOnlyList<ReleasedWork>>(ReadReleased(cmd));
    }

    public Task WriteAsync(StateBatch batch, CancellationToken cancellationToken)
    {
        store.ApplyBatch(batch, tx);
        return Task.CompletedTask;
    }

    public Task CreateRunAsync(RunRecord run, IReadOnlyList<TaskDependencies> tasks, CancellationToken cancellationToken)
    {
        using (var cmd = Command(conn, tx, """
            INSERT INTO runs (run_id, pipeline_id, version_hash, state, inputs, logical_date, trigger, created_at, started_at)
            VALUES ($id, $pipeline, $hash, $state, $inputs, $logical, $trigger, $created, $started)
            """))
        {
            Set(cmd, ("$id", run.RunId), ("$pipeline", run.PipelineId), ("$hash", run.VersionHash), ("$state", run.State.ToName()), ("$inputs", run.InputsJson),
                ("$logical", SqliteTime.ToStored(run.LogicalDate)), ("$trigger", run.Trigger), ("$created", SqliteTime.ToStored(run.CreatedAt)), ("$started", SqliteTime.ToStored(run.StartedAt)));
            cmd.ExecuteNonQuery();
        }
        using (var cmd = Command(conn, tx, "INSERT INTO run_progress (run_id, remaining, failed) VALUES ($run, $n, 0)"))
        {
            Set(cmd, ("$run", run.RunId), ("$n", tasks.Count));
            cmd.ExecuteNonQuery();
        }
        using var task = Command(conn, tx, "INSERT INTO task_progress (run_id, task_id, remaining_deps) VALUES ($run, $task, $deps)");
        foreach (var t in tasks)
        {
            Set(task, ("$run", run.RunId), ("$task", t.TaskId), ("$deps", t.Dependencies));
            task.ExecuteNonQuery();
        }
        return Task.CompletedTask;
    }

    public Task InsertWorkAsync(IReadOnlyList<NewWorkItem> items, CancellationToken cancellationToken)
    {
        using var cmd = Command(conn, tx, """
            INSERT INTO work_items (kind, queue, priority, state, available_at, attempt, lost, run_id, task_id, map_index, created_at)
            VALUES ('task', $queue, $priority, 'ready', $at, $attempt, $lost, $run, $task, $map, $at)
            """);
        foreach (var w in items)
        {
            Set(cmd, ("$queue", w.Queue), ("$priority", w.Priority), ("$at", SqliteTime.ToStored(w.AvailableAt)), ("$attempt", w.Attempt), ("$lost", w.Lost),
                ("$run", w.RunId), ("$task", w.TaskId), ("$map", w.MapIndex));
            cmd.ExecuteNonQuery();
        }
        QueuedWork |= items.Count > 0;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, int>> DecrementDependenciesAsync(string runId, IReadOnlyDictionary<string, int> finished, CancellationToken cancellationToken)
    {
        using var cmd = Command(conn, tx, "UPDATE task_progress SET remaining_deps = remaining_deps - $n WHERE run_id = $run AND task_id = $task RETURNING remaining_deps");
        var result = new Dictionary<string, int>(finished.Count, StringComparer.Ordinal);
        foreach (var (taskId, n) in finished)
        {
            Set(cmd, ("$n", n), ("$run", runId), ("$task", taskId));
            if (cmd.ExecuteScalar() is long left)
            {
                result[taskId] = (int)left;
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, int>>(result);
    }

    public Task StartMapAsync(string runId, string taskId, string itemsJson, int itemCount, int released, CancellationToken cancellationToken)
    {
        using var cmd = Command(conn, tx, """
            UPDATE task_progress SET item_count = $count, next_item = $released, items_left = $count, items_failed = 0, items = $items
            WHERE run_id = $run AND task_id = $task
            """);
        Set(cmd, ("$count", itemCount), ("$released", released), ("$items", itemsJson), ("$run", runId), ("$task", taskId));
        cmd.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<MapProgress> AdvanceMapAsync(string runId, string taskId, int finished, int failed, CancellationToken cancellationToken)
    {
        int oldNext;
        using (var read = Command(conn, tx, "SELECT next_item FROM task_progress WHERE run_id = $run AND task_id = $task"))
        {
            Set(read, ("$run", runId), ("$task", taskId));
            oldNext = Convert.ToInt32(read.ExecuteScalar() ?? throw new InvalidOperationException($"Mapped task '{taskId}' of run {runId} has no progress row."), System.Globalization.CultureInfo.InvariantCulture);
        }
        using var cmd = Command(conn, tx, """
            UPDATE task_progress SET items_left = items_left - $finished, items_failed = items_failed + $failed, next_item = MIN(item_count, next_item + $finished)
            WHERE run_id = $run AND task_id = $task
            RETURNING items_left, items_failed, next_item, item_count
            """);
        Set(cmd, ("$finished", finished), ("$failed", failed), ("$run", runId), ("$task", taskId));
        using var r = cmd.ExecuteReader();
        r.Read();
        return Task.FromResult(new MapProgress(r.GetInt32(0), r.GetInt32(1), oldNext, r.GetInt32(2), r.GetInt32(3)));
    }

    /// <summary>False: one writer at a time, so no transaction ever waits for a counter row.</summary>
    public bool CountsAtCommit => false;

    public void CountItemsAtCommit(string runId, string taskId, int finished, int failed) =>
        throw new NotSupportedException("SQLite counts items with AdvanceMapAsync (CountsAtCommit is false).");

    public Task<RunProgress> AdvanceRunAsync(string runId, int finished, int failed, CancellationToken cancellationToken)
    {
        using var cmd = Command(conn, tx, "UPDATE run_progress SET remaining = remaining - $finished, failed = failed + $failed WHERE run_id = $run RETURNING remaining, failed");
        Set(cmd, ("$finished", finished), ("$failed", failed), ("$run", runId));
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            throw new InvalidOperationException($"Run {runId} has no progress row (not a distributed run?).");
        }
        return Task.FromResult(new RunProgress(r.GetInt32(0), r.GetInt32(1)));
    }

    public Task<IReadOnlyList<TaskInstanceRecord>> GetTaskRowsAsync(string runId, IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        Task.FromResult(ReadTaskRows(conn, tx, runId, taskIds));

    public Task<IReadOnlyList<TaskInstanceRecord>> GetItemRowsAsync(string runId, string taskId, CancellationToken cancellationToken)
    {
        using var cmd = Command(conn, tx, $"SELECT {TaskInstanceReader.Columns} FROM task_instances WHERE run_id = $run AND task_id = $task AND map_index >= 0 ORDER BY map_index");
        Set(cmd, ("$run", runId), ("$task", taskId));
        return Task.FromResult<IReadOnlyList<TaskInstanceRecord>>(ReadRows(cmd, runId));
    }

    internal static IReadOnlyList<TaskInstanceRecord> ReadTaskRows(SqliteConnection conn, SqliteTransaction? tx, string runId, IReadOnlyCollection<string> taskIds)
    {
        using var cmd = Command(conn, tx, $"SELECT {TaskInstanceReader.Columns} FROM task_instances WHERE run_id = $run AND map_index = -1 AND task_id IN (SELECT value FROM json_each($ids))");
        Set(cmd, ("$run", runId), ("$ids", JsonSerializer.Serialize(taskIds)));
        return ReadRows(cmd, runId);
    }

    private static List<TaskInstanceRecord> ReadRows(SqliteCommand cmd, string runId)
    {
        var list = new List<TaskInstanceRecord>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(TaskInstanceReader.Read(r, runId, SqliteTime.ReadOrNull));
        }
        return list;
    }
}
