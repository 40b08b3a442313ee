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

    protected override Task<PartitionAssignment> BalanceLeasesCoreAsync(PartitionLeaseRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, static async (conn, q, _, ct) =>
        {
            var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                NpgsqlParameter[] Key() => [Sql.Text(q.RunId), Sql.Text(q.TaskId), Sql.Int(q.MapIndex)];
                // One lock per task instance serializes the members' turns: each sees the others' last writes.
                await ExecuteAsync(conn, "SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2 || '/' || $3::text, 15))", Key(), ct).ConfigureAwait(false);
                await ExecuteAsync(conn, "DELETE FROM stream_lease_members WHERE run_id = $1 AND task_id = $2 AND map_index = $3 AND expires_at <= $4",
                    [.. Key(), Sql.Time(q.Now)], ct).ConfigureAwait(false);
                await ExecuteAsync(conn, """
                    INSERT INTO stream_lease_members (run_id, task_id, map_index, member, expires_at) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (run_id, task_id, map_index, member) DO UPDATE SET expires_at = excluded.expires_at
                    """, [.. Key(), Sql.Text(q.Member), Sql.Time(q.Now + q.Duration)], ct).ConfigureAwait(false);
                var live = new List<string>();
                var members = Sql.Command(conn, "SELECT member FROM stream_lease_members WHERE run_id = $1 AND task_id = $2 AND map_index = $3", Key());
                await using (members.ConfigureAwait(false))
                {
                    var r = await members.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await using (r.ConfigureAwait(false))
                    {
                        while (await r.ReadAsync(ct).ConfigureAwait(false))
                        {
                            live.Add(r.GetString(0));
                        }
                    }
                }

                var owners = new Dictionary<string, (string? Owner, DateTimeOffset ExpiresAt)>(StringComparer.Ordinal);
                var leases = Sql.Command(conn, "SELECT partition, owner, expires_at FROM stream_partition_leases WHERE run_id = $1 AND task_id = $2 AND map_index = $3", Key());
                await using (leases.ConfigureAwait(false))
                {
                    var r = await leases.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await using (r.ConfigureAwait(false))
                    {
                        while (await r.ReadAsync(ct).ConfigureAwait(false))
                        {
                            owners[r.GetString(0)] = (Sql.StringOrNull(r, 1), Sql.TimeAt(r, 2));
                        }
                    }
                }

                var (assignment, _) = PartitionBalance.Decide(q.Member, q.Partitions, owners, live, q.Now);
                await ExecuteAsync(conn, """
                    INSERT INTO stream_partition_leases (run_id, task_id, map_index, partition, owner, expires_at)
                    SELECT $1, $2, $3, p, $4, $5 FROM unnest($6::text[]) AS p
                    ON CONFLICT (run_id, task_id, map_index, partition) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                    """, [.. Key(), Sql.Text(q.Member), Sql.Time(q.Now + q.Duration), Sql.Array(assignment.Held.ToArray(), NpgsqlDbType.Text)], ct).ConfigureAwait(false);
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return assignment;
            }
        }, cancellationToken);

    protected override Task ReleaseLeasesCoreAsync(PartitionLeaseRequest request, IReadOnlyList<string> partitions, CancellationToken cancellationToken) =>
        RunAsync((request, partitions), static async (conn, s, _, ct) =>
        {
            await ExecuteAsync(conn, "UPDATE stream_partition_leases SET owner = NULL WHERE run_id = $1 AND task_id = $2 AND map_index = $3 AND owner = $4 AND partition = ANY($5)",
                [Sql.Text(s.request.RunId), Sql.Text(s.request.TaskId), Sql.Int(s.request.MapIndex), Sql.Text(s.request.Member), Sql.Array(s.partitions.ToArray(), NpgsqlDbType.Text)], ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        var cmd = Sql.Command(conn, sql, parameters);
        await using (cmd.ConfigureAwait(false))
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

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
