using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sluice.Distributed;
using Sluice.Sqlite.Connection;
using Sluice.State;

namespace Sluice.Sqlite.Distributed;

internal sealed partial class SqliteWorkQueue
{
    public async Task<IReadOnlyList<TaskInstanceRecord>> GetTaskRowsAsync(string runId, IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken)
    {
        var conn = await store.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            return SqliteWorkTransaction.ReadTaskRows(conn, null, runId, taskIds);
        }
    }

    public async Task<string?> GetMapItemsAsync(string runId, string taskId, CancellationToken cancellationToken)
    {
        var conn = await store.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            using var cmd = Command(conn, null, "SELECT items FROM task_progress WHERE run_id = $run AND task_id = $task");
            Set(cmd, ("$run", runId), ("$task", taskId));
            return cmd.ExecuteScalar() as string;
        }
    }

    public async Task<JobRecord?> GetJobAsync(long id, CancellationToken cancellationToken)
    {
        var conn = await store.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            using var cmd = Command(conn, null, "SELECT id, name, state, attempt, result, error, created_at, ended_at FROM work_items WHERE id = $id AND kind = 'job'");
            Set(cmd, ("$id", id));
            using var r = cmd.ExecuteReader();
            if (!r.Read())
            {
                return null;
            }
            return new JobRecord(r.GetInt64(0), r.GetString(1), JobStates.Parse(r.GetString(2)), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), SqliteTime.FromStored(r.GetInt64(6)), SqliteTime.FromStoredOrNull(r.GetValue(7)));
        }
    }

    internal static SqliteCommand Command(SqliteConnection conn, SqliteTransaction? tx, string sql)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    internal static void Add(SqliteCommand cmd, string name, object? value) => cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);

    /// <summary>Sets parameters by name, adding them the first time (commands reused in a loop).</summary>
    internal static void Set(SqliteCommand cmd, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            var v = value ?? DBNull.Value;
            if (cmd.Parameters.Contains(name))
            {
                cmd.Parameters[name].Value = v;
            }
            else
            {
                cmd.Parameters.AddWithValue(name, v);
            }
        }
    }

    internal static string? Json(IReadOnlyList<string>? values) => values is null ? null : JsonSerializer.Serialize(values);

    internal static List<long> ReadLongs(SqliteCommand cmd)
    {
        var list = new List<long>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(r.GetInt64(0));
        }
        return list;
    }
}
