using Sluice.Operators;
using Sluice.Sqlite.Connection;

namespace Sluice.Sqlite.Operators;

/// <summary>The audit trail and paused pipelines in the SQLite state file (tables <c>audit_log</c> and <c>pipeline_pauses</c>).</summary>
public sealed class SqliteOperatorRecords : OperatorRecords
{
    private readonly SqliteDatabase _db;

    /// <summary>Creates the records on the SQLite file <paramref name="path"/> (created with its folder if missing).</summary>
    public SqliteOperatorRecords(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        _db = new SqliteDatabase(path, "operator_schema_migrations", SqliteOperatorSchema.Migrations);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<PipelinePause>> GetPausedAsync(CancellationToken cancellationToken = default)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var conn = await _db.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT pipeline_id, paused_at, paused_by FROM pipeline_pauses ORDER BY pipeline_id";
        var list = new List<PipelinePause>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PipelinePause(r.GetString(0), SqliteTime.FromStored(r.GetInt64(1)), r.GetString(2)));
        }
        return list;
    }

    /// <inheritdoc />
    protected override async Task WriteAsync(AuditEntry entry, (string PipelineId, bool Paused)? pause, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await _db.WriteTransactionAsync((conn, tx) =>
        {
            using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO audit_log (at, actor, action, pipeline_id, run_id, detail) VALUES ($at, $actor, $action, $p, $r, $d)";
                cmd.Parameters.AddWithValue("$at", SqliteTime.ToStored(entry.At));
                cmd.Parameters.AddWithValue("$actor", entry.Actor);
                cmd.Parameters.AddWithValue("$action", entry.Action);
                cmd.Parameters.AddWithValue("$p", (object?)entry.PipelineId ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$r", (object?)entry.RunId ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$d", (object?)entry.Detail ?? DBNull.Value);
                cmd.ExecuteNonQuery();
            }
            if (pause is { } p)
            {
                using var set = conn.CreateCommand();
                set.Transaction = tx;
                set.CommandText = p.Paused
                    ? "INSERT INTO pipeline_pauses (pipeline_id, paused_at, paused_by) VALUES ($p, $at, $by) ON CONFLICT (pipeline_id) DO NOTHING"
                    : "DELETE FROM pipeline_pauses WHERE pipeline_id = $p";
                set.Parameters.AddWithValue("$p", p.PipelineId);
                set.Parameters.AddWithValue("$at", SqliteTime.ToStored(entry.At));
                set.Parameters.AddWithValue("$by", entry.Actor);
                set.ExecuteNonQuery();
            }
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string? pipelineId, string? runId, int limit, CancellationToken cancellationToken)
    {
        await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var conn = await _db.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT seq, at, actor, action, pipeline_id, run_id, detail FROM audit_log"
            + (runId is not null ? " WHERE run_id = $r" : pipelineId is not null ? " WHERE pipeline_id = $p" : "")
            + " ORDER BY seq DESC LIMIT $n";
        cmd.Parameters.AddWithValue("$r", (object?)runId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$p", (object?)pipelineId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$n", limit);
        var list = new List<AuditEntry>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new AuditEntry(r.GetInt64(0), SqliteTime.FromStored(r.GetInt64(1)), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
        }
        return list;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
