using Npgsql;
using NpgsqlTypes;
using Sluice.Diagnostics;
using Sluice.Postgres.State;
using Sluice.Scheduling.Backfill;

namespace Sluice.Postgres.Scheduling;

public sealed partial class PostgresScheduleStore
{
    /// <inheritdoc />
    public Task<BackfillRecord> CreateOrResumeBackfillAsync(string id, string pipelineId, int triggerIndex, DateTimeOffset rangeFrom, DateTimeOffset rangeTo, IReadOnlyList<DateTimeOffset> dates, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(pipelineId);
        ArgumentNullException.ThrowIfNull(dates);
        var request = new BackfillRequest(id, pipelineId, triggerIndex, rangeFrom, rangeTo, [.. dates.Select(static d => d.UtcDateTime)], now);
        return InTransactionAsync(request, static async (conn, q, _, ct) =>
        {
            // Insert-if-absent first: of two processes creating the same backfill at once, one inserts and
            // the other waits for it, then finds its row (and resumes it) instead of failing.
            var created = await ExecuteAsync(conn, """
                INSERT INTO schedule_backfills (backfill_id, pipeline_id, trigger_index, range_from, range_to, created_at)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
                """, [Sql.Text(q.Id), Sql.Text(q.PipelineId), Sql.Int(q.TriggerIndex), Sql.Time(q.From), Sql.Time(q.To), Sql.Time(q.Now)], ct).ConfigureAwait(false);
            if (created == 1)
            {
                await ExecuteAsync(conn, """
                    INSERT INTO schedule_backfill_dates (backfill_id, logical_date, done_at)
                    SELECT $1, d, NULL FROM unnest($2::timestamptz[]) AS d ON CONFLICT DO NOTHING
                    """, [Sql.Text(q.Id), Sql.Array(q.Dates, NpgsqlDbType.TimestampTz)], ct).ConfigureAwait(false);
            }
            var existing = (await ReadBackfillAsync(conn, q.Id, ct).ConfigureAwait(false))!;
            return existing.PipelineId == q.PipelineId && existing.TriggerIndex == q.TriggerIndex && existing.From == q.From && existing.To == q.To
                ? existing
                : throw new SluiceException($"Backfill '{q.Id}' already exists for pipeline '{existing.PipelineId}' from {existing.From:O} to {existing.To:O}; use another id.");
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<BackfillRecord?> GetBackfillAsync(string id, CancellationToken cancellationToken = default) =>
        InTransactionAsync(id, static (conn, id, _, ct) => ReadBackfillAsync(conn, id, ct), cancellationToken);

    /// <inheritdoc />
    public Task<bool> MarkBackfillDateDoneAsync(string id, DateTimeOffset logicalDate, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        InTransactionAsync((id, logicalDate, now), static async (conn, s, _, ct) =>
            await ExecuteAsync(conn, "UPDATE schedule_backfill_dates SET done_at = COALESCE(done_at, $3) WHERE backfill_id = $1 AND logical_date = $2",
                [Sql.Text(s.id), Sql.Time(s.logicalDate), Sql.Time(s.now)], ct).ConfigureAwait(false) == 1,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<BackfillRecord>> ListBackfillsAsync(string pipelineId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(pipelineId, static async (conn, pipelineId, _, ct) =>
        {
            var ids = new List<string>();
            var cmd = Sql.Command(conn, "SELECT backfill_id FROM schedule_backfills WHERE pipeline_id = $1 ORDER BY created_at DESC, backfill_id", Sql.Text(pipelineId));
            await using (cmd.ConfigureAwait(false))
            {
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        ids.Add(r.GetString(0));
                    }
                }
            }
            var result = new List<BackfillRecord>(ids.Count);
            foreach (var id in ids)
            {
                result.Add((await ReadBackfillAsync(conn, id, ct).ConfigureAwait(false))!);
            }
            return (IReadOnlyList<BackfillRecord>)result;
        }, cancellationToken);

    private static async Task<BackfillRecord?> ReadBackfillAsync(NpgsqlConnection conn, string id, CancellationToken cancellationToken)
    {
        string pipelineId;
        int triggerIndex;
        DateTimeOffset from, to, created;
        var head = Sql.Command(conn, "SELECT pipeline_id, trigger_index, range_from, range_to, created_at FROM schedule_backfills WHERE backfill_id = $1", Sql.Text(id));
        await using (head.ConfigureAwait(false))
        {
            var r = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
                (pipelineId, triggerIndex) = (r.GetString(0), r.GetInt32(1));
                (from, to, created) = (Sql.TimeAt(r, 2), Sql.TimeAt(r, 3), Sql.TimeAt(r, 4));
            }
        }
        var dates = new List<DateTimeOffset>();
        var done = new HashSet<DateTimeOffset>();
        var cmd = Sql.Command(conn, "SELECT logical_date, done_at FROM schedule_backfill_dates WHERE backfill_id = $1 ORDER BY logical_date", Sql.Text(id));
        await using (cmd.ConfigureAwait(false))
        {
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var date = Sql.TimeAt(r, 0);
                    dates.Add(date);
                    if (!r.IsDBNull(1))
                    {
                        done.Add(date);
                    }
                }
            }
        }
        return new BackfillRecord(id, pipelineId, triggerIndex, from, to, created, dates, done);
    }

    private sealed record BackfillRequest(string Id, string PipelineId, int TriggerIndex, DateTimeOffset From, DateTimeOffset To, DateTime[] Dates, DateTimeOffset Now);
}
