using Microsoft.Data.Sqlite;
using Sluice.Diagnostics;
using Sluice.Scheduling.Backfill;
using Sluice.Sqlite.Connection;

namespace Sluice.Sqlite.Scheduling;

public sealed partial class SqliteScheduleStore
{
    /// <summary>
    /// Records a backfill of <paramref name="dates"/> under <paramref name="id"/>, or returns the existing one
    /// with that id so an interrupted backfill resumes where it stopped.
    /// </summary>
    /// <exception cref="SluiceException">A backfill with that id exists for a different pipeline, trigger or range.</exception>
    public Task<BackfillRecord> CreateOrResumeBackfillAsync(string id, string pipelineId, int triggerIndex, DateTimeOffset rangeFrom, DateTimeOffset rangeTo, IReadOnlyList<DateTimeOffset> dates, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(dates);
        return WithTransactionAsync((conn, tx) =>
        {
            if (ReadBackfill(conn, tx, id) is { } existing)
            {
                return existing.PipelineId == pipelineId && existing.TriggerIndex == triggerIndex && existing.From == rangeFrom && existing.To == rangeTo
                    ? existing
                    : throw new SluiceException($"Backfill '{id}' already exists for pipeline '{existing.PipelineId}' from {existing.From:O} to {existing.To:O}; use another id.");
            }
            using (var insert = Command(conn, tx, "INSERT INTO schedule_backfills (backfill_id, pipeline_id, trigger_index, range_from, range_to, created_at) VALUES ($id, $p, $t, $from, $to, $now)"))
            {
                insert.Parameters.AddWithValue("$id", id);
                insert.Parameters.AddWithValue("$p", pipelineId);
                insert.Parameters.AddWithValue("$t", triggerIndex);
                insert.Parameters.AddWithValue("$from", SqliteTime.ToStored(rangeFrom));
                insert.Parameters.AddWithValue("$to", SqliteTime.ToStored(rangeTo));
                insert.Parameters.AddWithValue("$now", SqliteTime.ToStored(now));
                insert.ExecuteNonQuery();
            }
            using var date = Command(conn, tx, "INSERT OR IGNORE INTO schedule_backfill_dates (backfill_id, logical_date, done_at) VALUES ($id, $d, NULL)");
            date.Parameters.AddWithValue("$id", id);
            var parameter = date.Parameters.Add("$d", SqliteType.Integer);
            foreach (var d in dates)
            {
                parameter.Value = SqliteTime.ToStored(d);
                date.ExecuteNonQuery();
            }
            return ReadBackfill(conn, tx, id)!;
        }, cancellationToken);
    }

    /// <summary>A backfill, or null.</summary>
    public Task<BackfillRecord?> GetBackfillAsync(string id, CancellationToken cancellationToken = default) =>
        WithTransactionAsync((conn, tx) => ReadBackfill(conn, tx, id), cancellationToken);

    /// <summary>Marks one date of a backfill as run. Returns false when the backfill has no such date.</summary>
    public Task<bool> MarkBackfillDateDoneAsync(string id, DateTimeOffset logicalDate, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WithTransactionAsync((conn, tx) =>
        {
            using var cmd = Command(conn, tx, "UPDATE schedule_backfill_dates SET done_at = COALESCE(done_at, $now) WHERE backfill_id = $id AND logical_date = $d");
            cmd.Parameters.AddWithValue("$id", id);
            cmd.Parameters.AddWithValue("$d", SqliteTime.ToStored(logicalDate));
            cmd.Parameters.AddWithValue("$now", SqliteTime.ToStored(now));
            return cmd.ExecuteNonQuery() == 1;
        }, cancellationToken);

    /// <summary>The backfills of a pipeline, newest first.</summary>
    public Task<IReadOnlyList<BackfillRecord>> ListBackfillsAsync(string pipelineId, CancellationToken cancellationToken = default) =>
        WithTransactionAsync<IReadOnlyList<BackfillRecord>>((conn, tx) =>
        {
            var ids = new List<string>();
            using (var cmd = Command(conn, tx, "SELECT backfill_id FROM schedule_backfills WHERE pipeline_id = $p ORDER BY created_at DESC, backfill_id"))
            {
                cmd.Parameters.AddWithValue("$p", pipelineId);
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    ids.Add(r.GetString(0));
                }
            }
            return [.. ids.Select(id => ReadBackfill(conn, tx, id)!)];
        }, cancellationToken);

    private static BackfillRecord? ReadBackfill(SqliteConnection conn, SqliteTransaction tx, string id)
    {
        string pipelineId;
        int triggerIndex;
        DateTimeOffset from, to, created;
        using (var head = Command(conn, tx, "SELECT pipeline_id, trigger_index, range_from, range_to, created_at FROM schedule_backfills WHERE backfill_id = $id"))
        {
            head.Parameters.AddWithValue("$id", id);
            using var r = head.ExecuteReader();
            if (!r.Read())
            {
                return null;
            }
            (pipelineId, triggerIndex) = (r.GetString(0), r.GetInt32(1));
            (from, to, created) = (SqliteTime.FromStored(r.GetInt64(2)), SqliteTime.FromStored(r.GetInt64(3)), SqliteTime.FromStored(r.GetInt64(4)));
        }
        var dates = new List<DateTimeOffset>();
        var done = new HashSet<DateTimeOffset>();
        using (var cmd = Command(conn, tx, "SELECT logical_date, done_at FROM schedule_backfill_dates WHERE backfill_id = $id ORDER BY logical_date"))
        {
            cmd.Parameters.AddWithValue("$id", id);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var date = SqliteTime.FromStored(r.GetInt64(0));
                dates.Add(date);
                if (!r.IsDBNull(1))
                {
                    done.Add(date);
                }
            }
        }
        return new BackfillRecord(id, pipelineId, triggerIndex, from, to, created, dates, done);
    }
}
