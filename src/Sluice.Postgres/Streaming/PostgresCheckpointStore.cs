using Npgsql;
using NpgsqlTypes;
using Sluice.Postgres.Connection;
using Sluice.Postgres.State;
using Sluice.Streaming;

namespace Sluice.Postgres.Streaming;

/// <summary>
/// Streaming checkpoints in the shared PostgreSQL database (table <c>stream_checkpoints</c>, created on first use), so a
/// task resumed on another worker continues from the same checkpoint. Every call is one transaction that reconnects and
/// repeats after a dropped connection; saving is an upsert, safe to repeat.
/// </summary>
internal sealed class PostgresCheckpointStore(PostgresDatabase database) : CheckpointStore
{
    private volatile bool _migrated;

    protected override Task SaveCoreAsync(StreamCheckpoint checkpoint, int keep, CancellationToken cancellationToken) =>
        RunAsync((checkpoint, keep), static async (conn, s, _, ct) =>
        {
            var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                var c = s.checkpoint;
                var cmd = Sql.Command(conn, """
                    INSERT INTO stream_checkpoints (run_id, task_id, map_index, seq, offsets, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT (run_id, task_id, map_index, seq) DO UPDATE SET offsets = excluded.offsets, state = excluded.state, created_at = excluded.created_at
                    """, Sql.Text(c.RunId), Sql.Text(c.TaskId), Sql.Int(c.MapIndex), Sql.Long(c.Sequence), Sql.Text(c.Offsets),
                    new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = c.State }, Sql.Time(c.CreatedAt));
                await using (cmd.ConfigureAwait(false))
                {
                    await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                var prune = Sql.Command(conn, "DELETE FROM stream_checkpoints WHERE run_id = $1 AND task_id = $2 AND map_index = $3 AND seq <= $4",
                    Sql.Text(c.RunId), Sql.Text(c.TaskId), Sql.Int(c.MapIndex), Sql.Long(c.Sequence - s.keep));
                await using (prune.ConfigureAwait(false))
                {
                    await prune.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return 0;
            }
        }, cancellationToken);

    protected override Task<StreamCheckpoint?> LatestCoreAsync(string runId, string taskId, int mapIndex, CancellationToken cancellationToken) =>
        RunAsync((runId, taskId, mapIndex), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, """
                SELECT seq, offsets, state, created_at FROM stream_checkpoints
                WHERE run_id = $1 AND task_id = $2 AND map_index = $3 ORDER BY seq DESC LIMIT 1
                """, Sql.Text(s.runId), Sql.Text(s.taskId), Sql.Int(s.mapIndex));
            await using (cmd.ConfigureAwait(false))
            {
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    return await r.ReadAsync(ct).ConfigureAwait(false)
                        ? new StreamCheckpoint(s.runId, s.taskId, s.mapIndex, r.GetInt64(0), r.GetString(1), r.GetFieldValue<byte[]>(2), Sql.TimeAt(r, 3))
                        : null;
                }
            }
        }, cancellationToken);

    protected override Task<IReadOnlyList<CheckpointedTask>> CommittedSinceCoreAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        RunAsync(since, static async (conn, s, _, ct) =>
        {
            // The table holds the newest few checkpoints of each task (pruned on save), so a scan stays small.
            var cmd = Sql.Command(conn, "SELECT DISTINCT run_id, task_id, map_index FROM stream_checkpoints WHERE created_at >= $1", Sql.Time(s));
            await using (cmd.ConfigureAwait(false))
            {
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    var tasks = new List<CheckpointedTask>();
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        tasks.Add(new CheckpointedTask(r.GetString(0), r.GetString(1), r.GetInt32(2)));
                    }

                    return (IReadOnlyList<CheckpointedTask>)tasks;
                }
            }
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a pooled connection after creating the table once per process.</summary>
    private Task<TResult> RunAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, int, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        database.EnsureInitialized();
        return database.Policy.ExecuteAsync((store: this, state, work), static async (conn, s, attempt, ct) =>
        {
            if (!s.store._migrated)
            {
                await PostgresMigrator.MigrateAsync(conn, "checkpoint_schema_migrations", PostgresCheckpointSchema.Migrations, ct).ConfigureAwait(false);
                s.store._migrated = true;
            }
            return await s.work(conn, s.state, attempt, ct).ConfigureAwait(false);
        }, cancellationToken);
    }
}
