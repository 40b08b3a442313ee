using Microsoft.Data.Sqlite;
using Sluice.Scheduling;
using Sluice.Scheduling.Storage;
using Sluice.Sqlite.Connection;

namespace Sluice.Sqlite.Scheduling;

public sealed partial class SqliteScheduleStore
{
    /// <summary>
    /// Returns the cursor of a trigger, creating it with <paramref name="now"/> as registration time when the
    /// trigger is new (a new trigger starts from now: it never fires dates before it was first seen).
    /// </summary>
    public Task<ScheduleCursor> RegisterTriggerAsync(string pipelineId, int triggerIndex, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipelineId);
        return WithTransactionAsync((conn, tx) =>
        {
            using (var insert = Command(conn, tx, """
                INSERT OR IGNORE INTO schedule_cursors (pipeline_id, trigger_index, registered_at, last_logical_date, updated_at)
                VALUES ($p, $t, $now, NULL, $now)
                """))
            {
                insert.Parameters.AddWithValue("$p", pipelineId);
                insert.Parameters.AddWithValue("$t", triggerIndex);
                insert.Parameters.AddWithValue("$now", SqliteTime.ToStored(now));
                insert.ExecuteNonQuery();
            }
            return ReadCursor(conn, tx, pipelineId, triggerIndex)!;
        }, cancellationToken);
    }

    /// <summary>The cursor of a trigger, or null when the scheduler never saw it.</summary>
    public Task<ScheduleCursor?> GetCursorAsync(string pipelineId, int triggerIndex, CancellationToken cancellationToken = default) =>
        WithTransactionAsync((conn, tx) => ReadCursor(conn, tx, pipelineId, triggerIndex), cancellationToken);

    /// <summary>
    /// Records <paramref name="fire"/> as about to be delivered and moves the trigger's last fired date to
    /// its logical date (never backwards), in one transaction. Returns false, changing nothing, when that
    /// fire was already recorded.
    /// </summary>
    public Task<bool> RecordFireAsync(ScheduledFire fire, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return WithTransactionAsync((conn, tx) =>
        {
            using var insert = Command(conn, tx, """
                INSERT OR IGNORE INTO schedule_fires (pipeline_id, trigger_index, logical_date, run_id, is_catchup, recorded_at, completed_at, attempts, last_error)
                VALUES ($p, $t, $d, $run, $c, $now, NULL, 1, NULL)
                """);
            AddKey(insert, fire);
            insert.Parameters.AddWithValue("$run", fire.RunId);
            insert.Parameters.AddWithValue("$c", fire.IsCatchUp ? 1 : 0);
            insert.Parameters.AddWithValue("$now", SqliteTime.ToStored(now));
            if (insert.ExecuteNonQuery() == 0)
            {
                return false;
            }
            using var cursor = Command(conn, tx, """
                INSERT INTO schedule_cursors (pipeline_id, trigger_index, registered_at, last_logical_date, updated_at) VALUES ($p, $t, $now, $d, $now)
                ON CONFLICT (pipeline_id, trigger_index) DO UPDATE SET
                    last_logical_date = MAX(COALESCE(last_logical_date, excluded.last_logical_date), excluded.last_logical_date),
                    updated_at = excluded.updated_at
                """);
            AddKey(cursor, fire);
            cursor.Parameters.AddWithValue("$now", SqliteTime.ToStored(now));
            cursor.ExecuteNonQuery();
            return true;
        }, cancellationToken);
    }

    /// <summary>Notes that a pending fire is being delivered again (its <see cref="ScheduledFire.Attempt"/> becomes the attempt count).</summary>
    public Task RecordRedeliveryAsync(ScheduledFire fire, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return WithTransactionAsync((conn, tx) =>
        {
            using var cmd = Command(conn, tx, "UPDATE schedule_fires SET attempts = MAX(attempts, $a) WHERE pipeline_id = $p AND trigger_index = $t AND logical_date = $d");
            AddKey(cmd, fire);
            cmd.Parameters.AddWithValue("$a", fire.Attempt);
            return cmd.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <summary>Marks a fire delivered: the host's callback completed. It will not be delivered again.</summary>
    public Task CompleteFireAsync(ScheduledFire fire, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return WithTransactionAsync((conn, tx) =>
        {
            using var cmd = Command(conn, tx, "UPDATE schedule_fires SET completed_at = $now WHERE pipeline_id = $p AND trigger_index = $t AND logical_date = $d AND completed_at IS NULL");
            AddKey(cmd, fire);
            cmd.Parameters.AddWithValue("$now", SqliteTime.ToStored(now));
            return cmd.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <summary>Keeps the reason a delivery failed; the fire stays pending.</summary>
    public Task RecordFailureAsync(ScheduledFire fire, string errorMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return WithTransactionAsync((conn, tx) =>
        {
            using var cmd = Command(conn, tx, "UPDATE schedule_fires SET last_error = $e WHERE pipeline_id = $p AND trigger_index = $t AND logical_date = $d");
            AddKey(cmd, fire);
            cmd.Parameters.AddWithValue("$e", errorMessage);
            return cmd.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <summary>Fires recorded but not completed, oldest first per trigger; each carries the number of its next delivery.</summary>
    public Task<IReadOnlyList<ScheduledFire>> GetPendingFiresAsync(CancellationToken cancellationToken = default) =>
        WithTransactionAsync<IReadOnlyList<ScheduledFire>>((conn, tx) =>
        {
            using var cmd = Command(conn, tx, $"SELECT {FireColumns} FROM schedule_fires WHERE completed_at IS NULL ORDER BY pipeline_id, trigger_index, logical_date");
            return [.. ReadFires(cmd).Select(static r => r.Fire with { Attempt = r.Attempts + 1 })];
        }, cancellationToken);

    /// <summary>Recorded fires of a pipeline (optionally one trigger), newest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<FireRecord>> ListFiresAsync(string pipelineId, int? triggerIndex = null, int limit = 1000, CancellationToken cancellationToken = default) =>
        WithTransactionAsync<IReadOnlyList<FireRecord>>((conn, tx) =>
        {
            using var cmd = Command(conn, tx, $"SELECT {FireColumns} FROM schedule_fires WHERE pipeline_id = $p AND ($t IS NULL OR trigger_index = $t) ORDER BY logical_date DESC, trigger_index LIMIT $limit");
            cmd.Parameters.AddWithValue("$p", pipelineId);
            cmd.Parameters.AddWithValue("$t", (object?)triggerIndex ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$limit", limit);
            return ReadFires(cmd);
        }, cancellationToken);

    /// <summary>Deletes completed fires recorded before <paramref name="before"/> (retention); returns how many. Cursors are kept.</summary>
    public Task<int> PurgeCompletedFiresAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        WithTransactionAsync((conn, tx) =>
        {
            using var cmd = Command(conn, tx, "DELETE FROM schedule_fires WHERE completed_at IS NOT NULL AND recorded_at < $before");
            cmd.Parameters.AddWithValue("$before", SqliteTime.ToStored(before));
            return cmd.ExecuteNonQuery();
        }, cancellationToken);

    private const string FireColumns = "pipeline_id, trigger_index, logical_date, is_catchup, recorded_at, completed_at, attempts, last_error";

    private static List<FireRecord> ReadFires(SqliteCommand cmd)
    {
        var result = new List<FireRecord>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var fire = new ScheduledFire(r.GetString(0), r.GetInt32(1), SqliteTime.FromStored(r.GetInt64(2)), r.GetInt64(3) != 0);
            result.Add(new FireRecord(fire, SqliteTime.FromStored(r.GetInt64(4)), SqliteTime.FromStoredOrNull(r.GetValue(5)), r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7)));
        }
        return result;
    }

    private static ScheduleCursor? ReadCursor(SqliteConnection conn, SqliteTransaction tx, string pipelineId, int triggerIndex)
    {
        using var cmd = Command(conn, tx, "SELECT registered_at, last_logical_date FROM schedule_cursors WHERE pipeline_id = $p AND trigger_index = $t");
        cmd.Parameters.AddWithValue("$p", pipelineId);
        cmd.Parameters.AddWithValue("$t", triggerIndex);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new ScheduleCursor(pipelineId, triggerIndex, SqliteTime.FromStored(r.GetInt64(0)), SqliteTime.FromStoredOrNull(r.GetValue(1))) : null;
    }

    private static void AddKey(SqliteCommand cmd, ScheduledFire fire)
    {
        cmd.Parameters.AddWithValue("$p", fire.PipelineId);
        cmd.Parameters.AddWithValue("$t", fire.TriggerIndex);
        cmd.Parameters.AddWithValue("$d", SqliteTime.ToStored(fire.LogicalDate));
    }

    private static SqliteCommand Command(SqliteConnection conn, SqliteTransaction tx, string sql)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }
}
