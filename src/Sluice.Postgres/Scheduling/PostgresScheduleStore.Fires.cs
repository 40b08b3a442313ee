using Npgsql;
using NpgsqlTypes;
using Sluice.Postgres.State;
using Sluice.Scheduling;
using Sluice.Scheduling.Storage;

namespace Sluice.Postgres.Scheduling;

public sealed partial class PostgresScheduleStore
{
    private const string FireColumns = "pipeline_id, trigger_index, logical_date, is_catchup, recorded_at, completed_at, attempts, last_error";

    /// <inheritdoc />
    public Task<ScheduleCursor> RegisterTriggerAsync(string pipelineId, int triggerIndex, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipelineId);
        return InTransactionAsync((pipelineId, triggerIndex, now), static async (conn, s, _, ct) =>
        {
            await ExecuteAsync(conn, """
                INSERT INTO schedule_cursors (pipeline_id, trigger_index, registered_at, last_logical_date, updated_at)
                VALUES ($1, $2, $3, NULL, $3) ON CONFLICT DO NOTHING
                """, [Sql.Text(s.pipelineId), Sql.Int(s.triggerIndex), Sql.Time(s.now)], ct).ConfigureAwait(false);
            return (await ReadCursorAsync(conn, s.pipelineId, s.triggerIndex, ct).ConfigureAwait(false))!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ScheduleCursor?> GetCursorAsync(string pipelineId, int triggerIndex, CancellationToken cancellationToken = default) =>
        InTransactionAsync((pipelineId, triggerIndex), static (conn, s, _, ct) => ReadCursorAsync(conn, s.pipelineId, s.triggerIndex, ct), cancellationToken);

    /// <inheritdoc />
    public Task<bool> RecordFireAsync(ScheduledFire fire, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return InTransactionAsync((fire, now), static async (conn, s, attempt, ct) =>
        {
            var (fire, now) = s;
            var inserted = await ExecuteAsync(conn, """
                INSERT INTO schedule_fires (pipeline_id, trigger_index, logical_date, run_id, is_catchup, recorded_at, completed_at, attempts, last_error)
                VALUES ($1, $2, $3, $4, $5, $6, NULL, 1, NULL) ON CONFLICT DO NOTHING
                """, [.. Key(fire), Sql.Text(fire.RunId), Bool(fire.IsCatchUp), Sql.Time(now)], ct).ConfigureAwait(false);
            if (inserted == 0)
            {
                // A repeat after a lost acknowledgement finds the row it wrote itself (same recording instant);
                // anything else was recorded by another scheduler, which delivers it.
                return attempt > 1 && await IsOwnRecordAsync(conn, fire, now, ct).ConfigureAwait(false);
            }
            await ExecuteAsync(conn, """
                INSERT INTO schedule_cursors (pipeline_id, trigger_index, registered_at, last_logical_date, updated_at) VALUES ($1, $2, $4, $3, $4)
                ON CONFLICT (pipeline_id, trigger_index) DO UPDATE SET
                    last_logical_date = GREATEST(schedule_cursors.last_logical_date, excluded.last_logical_date),
                    updated_at = excluded.updated_at
                """, [.. Key(fire), Sql.Time(now)], ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordRedeliveryAsync(ScheduledFire fire, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return InTransactionAsync(fire, static (conn, fire, _, ct) =>
            ExecuteAsync(conn, "UPDATE schedule_fires SET attempts = GREATEST(attempts, $4) WHERE pipeline_id = $1 AND trigger_index = $2 AND logical_date = $3",
                [.. Key(fire), Sql.Int(fire.Attempt)], ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task CompleteFireAsync(ScheduledFire fire, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return InTransactionAsync((fire, now), static (conn, s, _, ct) =>
            ExecuteAsync(conn, "UPDATE schedule_fires SET completed_at = $4 WHERE pipeline_id = $1 AND trigger_index = $2 AND logical_date = $3 AND completed_at IS NULL",
                [.. Key(s.fire), Sql.Time(s.now)], ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordFailureAsync(ScheduledFire fire, string errorMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fire);
        return InTransactionAsync((fire, errorMessage), static (conn, s, _, ct) =>
            ExecuteAsync(conn, "UPDATE schedule_fires SET last_error = $4 WHERE pipeline_id = $1 AND trigger_index = $2 AND logical_date = $3",
                [.. Key(s.fire), Sql.Text(s.errorMessage)], ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ScheduledFire>> GetPendingFiresAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync(0, static async (conn, _, _, ct) =>
        {
            var records = await ReadFiresAsync(conn, $"SELECT {FireColumns} FROM schedule_fires WHERE completed_at IS NULL ORDER BY pipeline_id, trigger_index, logical_date", [], ct).ConfigureAwait(false);
            return (IReadOnlyList<ScheduledFire>)[.. records.Select(static r => r.Fire with { Attempt = r.Attempts + 1 })];
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<FireRecord>> ListFiresAsync(string pipelineId, int? triggerIndex = null, int limit = 1000, CancellationToken cancellationToken = default) =>
        InTransactionAsync((pipelineId, triggerIndex, limit), static async (conn, s, _, ct) =>
            (IReadOnlyList<FireRecord>)await ReadFiresAsync(conn,
                $"SELECT {FireColumns} FROM schedule_fires WHERE pipeline_id = $1 AND ($2::integer IS NULL OR trigger_index = $2) ORDER BY logical_date DESC, trigger_index LIMIT $3",
                [Sql.Text(s.pipelineId), new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)s.triggerIndex ?? DBNull.Value }, Sql.Int(s.limit)], ct).ConfigureAwait(false),
            cancellationToken);

    /// <inheritdoc />
    public Task<int> PurgeCompletedFiresAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        InTransactionAsync(before, static (conn, before, _, ct) =>
            ExecuteAsync(conn, "DELETE FROM schedule_fires WHERE completed_at IS NOT NULL AND recorded_at < $1", [Sql.Time(before)], ct), cancellationToken);

    private static async Task<bool> IsOwnRecordAsync(NpgsqlConnection conn, ScheduledFire fire, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cmd = Sql.Command(conn, "SELECT 1 FROM schedule_fires WHERE pipeline_id = $1 AND trigger_index = $2 AND logical_date = $3 AND recorded_at = $4 AND is_catchup = $5 AND completed_at IS NULL",
            [.. Key(fire), Sql.Time(now), Bool(fire.IsCatchUp)]);
        await using (cmd.ConfigureAwait(false))
        {
            return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        }
    }

    private static async Task<ScheduleCursor?> ReadCursorAsync(NpgsqlConnection conn, string pipelineId, int triggerIndex, CancellationToken cancellationToken)
    {
        var cmd = Sql.Command(conn, "SELECT registered_at, last_logical_date FROM schedule_cursors WHERE pipeline_id = $1 AND trigger_index = $2",
            Sql.Text(pipelineId), Sql.Int(triggerIndex));
        await using (cmd.ConfigureAwait(false))
        {
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? new ScheduleCursor(pipelineId, triggerIndex, Sql.TimeAt(r, 0), Sql.TimeOrNull(r, 1))
                    : null;
            }
        }
    }

    private static async Task<List<FireRecord>> ReadFiresAsync(NpgsqlConnection conn, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        var result = new List<FireRecord>();
        var cmd = Sql.Command(conn, sql, parameters);
        await using (cmd.ConfigureAwait(false))
        {
            var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (r.ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var fire = new ScheduledFire(r.GetString(0), r.GetInt32(1), Sql.TimeAt(r, 2), r.GetBoolean(3));
                    result.Add(new FireRecord(fire, Sql.TimeAt(r, 4), Sql.TimeOrNull(r, 5), r.GetInt32(6), Sql.StringOrNull(r, 7)));
                }
            }
        }
        return result;
    }

    private static NpgsqlParameter[] Key(ScheduledFire fire) => [Sql.Text(fire.PipelineId), Sql.Int(fire.TriggerIndex), Sql.Time(fire.LogicalDate)];

    private static NpgsqlParameter Bool(bool value) => new() { NpgsqlDbType = NpgsqlDbType.Boolean, Value = value };
}
