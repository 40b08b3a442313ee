using Npgsql;
using Sluice.State;

namespace Sluice.Postgres.State;

public sealed partial class PostgresStateStore
{
    private const string RunColumns = "run_id, pipeline_id, version_hash, state, inputs, logical_date, trigger, created_at, started_at, ended_at, error, lease_owner, lease_expires_at, result";

    /// <inheritdoc />
    public Task SavePipelineVersionAsync(PipelineVersionRecord version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return RunAsync(version, static async (conn, v, _, ct) =>
        {
            var cmd = Sql.Command(conn, """
                INSERT INTO pipeline_versions (pipeline_id, hash, name, version_label, source_text, source_path, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
                """,
                Sql.Text(v.PipelineId), Sql.Text(v.Hash), Sql.Text(v.Name), Sql.Text(v.VersionLabel), Sql.Text(v.SourceText), Sql.Text(v.SourcePath), Sql.Time(v.CreatedAt));
            await using (cmd.ConfigureAwait(false))
            {
                return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PipelineVersionRecord?> GetPipelineVersionAsync(string pipelineId, string hash, CancellationToken cancellationToken = default) =>
        RunAsync((pipelineId, hash), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, "SELECT pipeline_id, hash, name, version_label, source_text, source_path, created_at FROM pipeline_versions WHERE pipeline_id = $1 AND hash = $2",
                Sql.Text(s.pipelineId), Sql.Text(s.hash));
            await using (cmd.ConfigureAwait(false))
            {
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    if (!await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        return null;
                    }
                    return new PipelineVersionRecord(r.GetString(0), r.GetString(1), Sql.StringOrNull(r, 2), Sql.StringOrNull(r, 3), r.GetString(4), Sql.StringOrNull(r, 5), Sql.TimeAt(r, 6));
                }
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PipelineVersionRecord>> ListPipelineVersionsAsync(string pipelineId, int limit, CancellationToken cancellationToken = default) =>
        RunAsync((pipelineId, limit), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, """
                SELECT pipeline_id, hash, name, version_label, source_text, source_path, created_at FROM pipeline_versions
                WHERE pipeline_id = $1 ORDER BY created_at DESC, hash LIMIT $2
                """, Sql.Text(s.pipelineId), Sql.Int(s.limit));
            await using (cmd.ConfigureAwait(false))
            {
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    var list = new List<PipelineVersionRecord>();
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(new PipelineVersionRecord(r.GetString(0), r.GetString(1), Sql.StringOrNull(r, 2), Sql.StringOrNull(r, 3), r.GetString(4), Sql.StringOrNull(r, 5), Sql.TimeAt(r, 6)));
                    }
                    return (IReadOnlyList<PipelineVersionRecord>)list;
                }
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunAsync(run, static async (conn, run, attempt, ct) =>
        {
            var cmd = Sql.Command(conn, $"INSERT INTO runs ({RunColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                Sql.Text(run.RunId), Sql.Text(run.PipelineId), Sql.Text(run.VersionHash), Sql.Text(run.State.ToName()), Sql.Text(run.InputsJson),
                Sql.Time(run.LogicalDate), Sql.Text(run.Trigger), Sql.Time(run.CreatedAt), Sql.Time(run.StartedAt), Sql.Time(run.EndedAt),
                Sql.Text(run.Error), Sql.Text(run.LeaseOwner), Sql.Time(run.LeaseExpiresAt), Sql.Text(run.ResultJson));
            await using (cmd.ConfigureAwait(false))
            {
                try
                {
                    return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                catch (PostgresException ex) when (attempt > 1 && ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    // An earlier attempt may have committed with its acknowledgement lost: then the row is ours.
                    if (await IsSameRunAsync(conn, run, ct).ConfigureAwait(false))
                    {
                        return 1;
                    }
                    throw;
                }
            }
        }, cancellationToken);
    }

    private static async Task<bool> IsSameRunAsync(NpgsqlConnection conn, RunRecord run, CancellationToken cancellationToken)
    {
        var cmd = Sql.Command(conn, "SELECT 1 FROM runs WHERE run_id = $1 AND pipeline_id = $2 AND version_hash = $3 AND inputs = $4 AND created_at = $5",
            Sql.Text(run.RunId), Sql.Text(run.PipelineId), Sql.Text(run.VersionHash), Sql.Text(run.InputsJson), Sql.Time(run.CreatedAt));
        await using (cmd.ConfigureAwait(false))
        {
            return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        }
    }

    /// <inheritdoc />
    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        RunAsync(runId, static async (conn, id, _, ct) =>
        {
            var cmd = Sql.Command(conn, $"SELECT {RunColumns} FROM runs WHERE run_id = $1", Sql.Text(id));
            await using (cmd.ConfigureAwait(false))
            {
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadRun(r) : null;
                }
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync(query, static async (conn, q, _, ct) =>
        {
            // Null filters are passed as null and disabled in SQL, so the statement text is constant.
            var cmd = Sql.Command(conn, $"""
                SELECT {RunColumns} FROM runs
                WHERE ($1::text IS NULL OR pipeline_id = $1) AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR run_id < $3)
                ORDER BY run_id DESC LIMIT $4
                """,
                Sql.Text(q.PipelineId), Sql.Text(q.State?.ToName()), Sql.Text(q.BeforeRunId), Sql.Int(Math.Max(0, q.Limit)));
            await using (cmd.ConfigureAwait(false))
            {
                var list = new List<RunRecord>();
                var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (r.ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        list.Add(ReadRun(r));
                    }
                }
                return (IReadOnlyList<RunRecord>)list;
            }
        }, cancellationToken);
    }

    private static RunRecord ReadRun(NpgsqlDataReader r) => new()
    {
        RunId = r.GetString(0),
        PipelineId = r.GetString(1),
        VersionHash = r.GetString(2),
        State = StateNames.ParseRun(r.GetString(3)),
        InputsJson = r.GetString(4),
        LogicalDate = Sql.TimeOrNull(r, 5),
        Trigger = r.GetString(6),
        CreatedAt = Sql.TimeAt(r, 7),
        StartedAt = Sql.TimeOrNull(r, 8),
        EndedAt = Sql.TimeOrNull(r, 9),
        Error = Sql.StringOrNull(r, 10),
        LeaseOwner = Sql.StringOrNull(r, 11),
        LeaseExpiresAt = Sql.TimeOrNull(r, 12),
        ResultJson = Sql.StringOrNull(r, 13),
    };
}
