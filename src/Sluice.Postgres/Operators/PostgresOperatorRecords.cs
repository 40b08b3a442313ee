using Npgsql;
using Sluice.Operators;
using Sluice.Postgres.Connection;
using Sluice.Postgres.State;

namespace Sluice.Postgres.Operators;

/// <summary>
/// The audit trail and paused pipelines in the shared PostgreSQL database, so every server sees the same pauses. Every
/// call is one transaction that reconnects and repeats after a dropped connection.
/// </summary>
internal sealed class PostgresOperatorRecords(PostgresDatabase database) : OperatorRecords
{
    private volatile bool _migrated;

    public override Task<IReadOnlyList<PipelinePause>> GetPausedAsync(CancellationToken cancellationToken = default) =>
        RunAsync(0, static async (conn, _, _, ct) =>
        {
            var cmd = Sql.Command(conn, "SELECT pipeline_id, paused_at, paused_by FROM pipeline_pauses ORDER BY pipeline_id");
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<PipelinePause>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new PipelinePause(r.GetString(0), Sql.TimeAt(r, 1), r.GetString(2)));
                    }
                }
                return (IReadOnlyList<PipelinePause>)list;
            }
        }, cancellationToken);

    protected override Task WriteAsync(AuditEntry entry, (string PipelineId, bool Paused)? pause, CancellationToken cancellationToken) =>
        RunAsync((entry, pause), static async (conn, s, _, ct) =>
        {
            var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                var e = s.entry;
                var insert = Sql.Command(conn, "INSERT INTO audit_log (at, actor, action, pipeline_id, run_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
                    Sql.Time(e.At), Sql.Text(e.Actor), Sql.Text(e.Action), Sql.Text(e.PipelineId), Sql.Text(e.RunId), Sql.Text(e.Detail));
                await using (insert.ConfigureAwait(false))
                {
                    await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                if (s.pause is { } p)
                {
                    var set = p.Paused
                        ? Sql.Command(conn, "INSERT INTO pipeline_pauses (pipeline_id, paused_at, paused_by) VALUES ($1, $2, $3) ON CONFLICT (pipeline_id) DO NOTHING",
                            Sql.Text(p.PipelineId), Sql.Time(e.At), Sql.Text(e.Actor))
                        : Sql.Command(conn, "DELETE FROM pipeline_pauses WHERE pipeline_id = $1", Sql.Text(p.PipelineId));
                    await using (set.ConfigureAwait(false))
                    {
                        await set.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }
                }
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return 0;
            }
        }, cancellationToken);

    protected override Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string? pipelineId, string? runId, int limit, CancellationToken cancellationToken) =>
        RunAsync((pipelineId, runId, limit), static async (conn, s, _, ct) =>
        {
            var where = s.runId is not null ? " WHERE run_id = $1" : s.pipelineId is not null ? " WHERE pipeline_id = $1" : " WHERE $1::text IS NULL";
            var cmd = Sql.Command(conn, "SELECT seq, at, actor, action, pipeline_id, run_id, detail FROM audit_log" + where + " ORDER BY seq DESC LIMIT $2",
                Sql.Text(s.runId ?? s.pipelineId), Sql.Int(s.limit));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<AuditEntry>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new AuditEntry(r.GetInt64(0), Sql.TimeAt(r, 1), r.GetString(2), r.GetString(3), Sql.StringOrNull(r, 4), Sql.StringOrNull(r, 5), Sql.StringOrNull(r, 6)));
                    }
                }
                return (IReadOnlyList<AuditEntry>)list;
            }
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a pooled connection after creating the tables once per process.</summary>
    private Task<TResult> RunAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, int, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        database.EnsureInitialized();
        return database.Policy.ExecuteAsync((records: this, state, work), static async (conn, s, attempt, ct) =>
        {
            if (!s.records._migrated)
            {
                await PostgresMigrator.MigrateAsync(conn, "operator_schema_migrations", PostgresOperatorSchema.Migrations, ct).ConfigureAwait(false);
                s.records._migrated = true;
            }
            return await s.work(conn, s.state, attempt, ct).ConfigureAwait(false);
        }, cancellationToken);
    }
}
