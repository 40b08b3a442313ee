using Microsoft.Data.Sqlite;
using Sluice.Sqlite.Connection;
using Sluice.Streaming;

namespace Sluice.Sqlite.Streaming;

/// <summary>
/// Streaming checkpoints in a SQLite file, normally the state database: table <c>stream_checkpoints</c>, created on
/// first use and versioned in <c>checkpoint_schema_migrations</c>. WAL lets it share the file with the state store.
/// </summary>
public sealed class SqliteCheckpointStore : CheckpointStore
{
    private readonly SqliteDatabase _db;

    /// <summary>Creates a checkpoint store on the SQLite file <paramref name="path"/> (created with its folder if missing).</summary>
    public SqliteCheckpointStore(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        _db = new SqliteDatabase(path, "checkpoint_schema_migrations", SqliteCheckpointSchema.Migrations);
    }

    /// <inheritdoc />
    protected override async Task SaveCoreAsync(StreamCheckpoint checkpoint, int keep, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await _db.WriteTransactionAsync((conn, tx) =>
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT OR REPLACE INTO stream_checkpoints (run_id, task_id, map_index, seq, offsets, state, created_at)
                VALUES ($r, $t, $m, $s, $o, $st, $at);
                DELETE FROM stream_checkpoints WHERE run_id = $r AND task_id = $t AND map_index = $m AND seq <= $s - $keep;
                """;
            cmd.Parameters.AddWithValue("$r", checkpoint.RunId);
            cmd.Parameters.AddWithValue("$t", checkpoint.TaskId);
            cmd.Parameters.AddWithValue("$m", checkpoint.MapIndex);
            cmd.Parameters.AddWithValue("$s", checkpoint.Sequence);
            cmd.Parameters.AddWithValue("$o", checkpoint.Offsets);
            cmd.Parameters.AddWithValue("$st", checkpoint.State);
            cmd.Parameters.AddWithValue("$at", SqliteTime.ToStored(checkpoint.CreatedAt));
            cmd.Parameters.AddWithValue("$keep", keep);
            return cmd.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<StreamCheckpoint?> LatestCoreAsync(string runId, string taskId, int mapIndex, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var conn = await _db.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT seq, offsets, state, created_at FROM stream_checkpoints
            WHERE run_id = $r AND task_id = $t AND map_index = $m ORDER BY seq DESC LIMIT 1
            """;
        cmd.Parameters.AddWithValue("$r", runId);
        cmd.Parameters.AddWithValue("$t", taskId);
        cmd.Parameters.AddWithValue("$m", mapIndex);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StreamCheckpoint(runId, taskId, mapIndex, r.GetInt64(0), r.GetString(1), (byte[])r.GetValue(2), SqliteTime.FromStored(r.GetInt64(3)));
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<CheckpointedTask>> CommittedSinceCoreAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var conn = await _db.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        // The table holds the newest few checkpoints of each task (pruned on save), so a scan stays small.
        cmd.CommandText = "SELECT DISTINCT run_id, task_id, map_index FROM stream_checkpoints WHERE created_at >= $since";
        cmd.Parameters.AddWithValue("$since", SqliteTime.ToStored(since));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tasks = new List<CheckpointedTask>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tasks.Add(new CheckpointedTask(r.GetString(0), r.GetString(1), r.GetInt32(2)));
        }

        return tasks;
    }

    /// <inheritdoc />
    protected override async Task<PartitionAssignment> BalanceLeasesCoreAsync(PartitionLeaseRequest request, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The write transaction (BEGIN IMMEDIATE) serializes every member's turn, in this process and in others.
        return await _db.WriteTransactionAsync((conn, tx) =>
        {
            var now = SqliteTime.ToStored(request.Now);
            var until = SqliteTime.ToStored(request.Now + request.Duration);
            SqliteCommand Command(string sql)
            {
                var cmd = conn.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = sql;
                cmd.Parameters.AddWithValue("$r", request.RunId);
                cmd.Parameters.AddWithValue("$t", request.TaskId);
                cmd.Parameters.AddWithValue("$m", request.MapIndex);
                cmd.Parameters.AddWithValue("$me", request.Member);
                cmd.Parameters.AddWithValue("$now", now);
                cmd.Parameters.AddWithValue("$until", until);
                return cmd;
            }

            using (var member = Command("""
                DELETE FROM stream_lease_members WHERE run_id = $r AND task_id = $t AND map_index = $m AND expires_at <= $now;
                INSERT OR REPLACE INTO stream_lease_members (run_id, task_id, map_index, member, expires_at) VALUES ($r, $t, $m, $me, $until);
                """))
            {
                member.ExecuteNonQuery();
            }

            var live = new List<string>();
            using (var members = Command("SELECT member FROM stream_lease_members WHERE run_id = $r AND task_id = $t AND map_index = $m"))
            using (var r = members.ExecuteReader())
            {
                while (r.Read())
                {
                    live.Add(r.GetString(0));
                }
            }

            var owners = new Dictionary<string, (string? Owner, DateTimeOffset ExpiresAt)>(StringComparer.Ordinal);
            using (var leases = Command("SELECT partition, owner, expires_at FROM stream_partition_leases WHERE run_id = $r AND task_id = $t AND map_index = $m"))
            using (var r = leases.ExecuteReader())
            {
                while (r.Read())
                {
                    owners[r.GetString(0)] = (r.IsDBNull(1) ? null : r.GetString(1), SqliteTime.FromStored(r.GetInt64(2)));
                }
            }

            var (assignment, _) = PartitionBalance.Decide(request.Member, request.Partitions, owners, live, request.Now);
            using var take = Command("""
                INSERT INTO stream_partition_leases (run_id, task_id, map_index, partition, owner, expires_at) VALUES ($r, $t, $m, $p, $me, $until)
                ON CONFLICT (run_id, task_id, map_index, partition) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                """);
            var partition = take.Parameters.AddWithValue("$p", "");
            foreach (var p in assignment.Held)
            {
                partition.Value = p;
                take.ExecuteNonQuery();
            }

            return assignment;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ReleaseLeasesCoreAsync(PartitionLeaseRequest request, IReadOnlyList<string> partitions, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await _db.WriteTransactionAsync((conn, tx) =>
        {
            using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE stream_partition_leases SET owner = NULL WHERE run_id = $r AND task_id = $t AND map_index = $m AND partition = $p AND owner = $me";
            cmd.Parameters.AddWithValue("$r", request.RunId);
            cmd.Parameters.AddWithValue("$t", request.TaskId);
            cmd.Parameters.AddWithValue("$m", request.MapIndex);
            cmd.Parameters.AddWithValue("$me", request.Member);
            var partition = cmd.Parameters.AddWithValue("$p", "");
            foreach (var p in partitions)
            {
                partition.Value = p;
                cmd.ExecuteNonQuery();
            }

            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
