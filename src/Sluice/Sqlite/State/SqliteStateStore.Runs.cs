using Microsoft.Data.Sqlite;
using Sluice.Sqlite.Connection;
using Sluice.State;

namespace Sluice.Sqlite.State;

public sealed partial class SqliteStateStore
{
    private const string RunColumns = "run_id, pipeline_id, version_hash, state, inputs, logical_date, trigger, created_at, started_at, ended_at, error, lease_owner, lease_expires_at, result";

    /// <inheritdoc />
    public Task SavePipelineVersionAsync(PipelineVersionRecord version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return WriteAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = """
                INSERT OR IGNORE INTO pipeline_versions (pipeline_id, hash, name, version_label, source_text, source_path, created_at)
                VALUES ($id, $hash, $name, $label, $src, $path, $at)
                """;
            cmd.Parameters.AddWithValue("$id", version.PipelineId);
            cmd.Parameters.AddWithValue("$hash", version.Hash);
            cmd.Parameters.AddWithValue("$name", (object?)version.Name ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$label", (object?)version.VersionLabel ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$src", version.SourceText);
            cmd.Parameters.AddWithValue("$path", (object?)version.SourcePath ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$at", SqliteTime.ToStored(version.CreatedAt));
            return cmd.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PipelineVersionRecord?> GetPipelineVersionAsync(string pipelineId, string hash, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT pipeline_id, hash, name, version_label, source_text, source_path, created_at FROM pipeline_versions WHERE pipeline_id = $id AND hash = $hash";
        cmd.Parameters.AddWithValue("$id", pipelineId);
        cmd.Parameters.AddWithValue("$hash", hash);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        return new PipelineVersionRecord(r.GetString(0), r.GetString(1), NullableString(r, 2), NullableString(r, 3), r.GetString(4), NullableString(r, 5), SqliteTime.FromStored(r.GetInt64(6)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PipelineVersionRecord>> ListPipelineVersionsAsync(string pipelineId, int limit, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT pipeline_id, hash, name, version_label, source_text, source_path, created_at FROM pipeline_versions
            WHERE pipeline_id = $id ORDER BY created_at DESC, hash LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$id", pipelineId);
        cmd.Parameters.AddWithValue("$limit", limit);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<PipelineVersionRecord>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PipelineVersionRecord(r.GetString(0), r.GetString(1), NullableString(r, 2), NullableString(r, 3), r.GetString(4), NullableString(r, 5), SqliteTime.FromStored(r.GetInt64(6))));
        }
        return list;
    }

    /// <inheritdoc />
    public Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"INSERT INTO runs ({RunColumns}) VALUES ($id, $pipeline, $hash, $state, $inputs, $logical, $trigger, $created, $started, $ended, $error, $owner, $lease, $result)";
            cmd.Parameters.AddWithValue("$id", run.RunId);
            cmd.Parameters.AddWithValue("$pipeline", run.PipelineId);
            cmd.Parameters.AddWithValue("$hash", run.VersionHash);
            cmd.Parameters.AddWithValue("$state", run.State.ToName());
            cmd.Parameters.AddWithValue("$inputs", run.InputsJson);
            cmd.Parameters.AddWithValue("$logical", SqliteTime.ToStored(run.LogicalDate));
            cmd.Parameters.AddWithValue("$trigger", run.Trigger);
            cmd.Parameters.AddWithValue("$created", SqliteTime.ToStored(run.CreatedAt));
            cmd.Parameters.AddWithValue("$started", SqliteTime.ToStored(run.StartedAt));
            cmd.Parameters.AddWithValue("$ended", SqliteTime.ToStored(run.EndedAt));
            cmd.Parameters.AddWithValue("$error", (object?)run.Error ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$owner", (object?)run.LeaseOwner ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$lease", SqliteTime.ToStored(run.LeaseExpiresAt));
            cmd.Parameters.AddWithValue("$result", (object?)run.ResultJson ?? DBNull.Value);
            return cmd.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT {RunColumns} FROM runs WHERE run_id = $id";
        cmd.Parameters.AddWithValue("$id", runId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRun(r) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var conn = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = conn.CreateCommand();
        var where = new List<string>();
        if (query.PipelineId is not null)
        {
            where.Add("pipeline_id = $pipeline");
            cmd.Parameters.AddWithValue("$pipeline", query.PipelineId);
        }
        if (query.State is { } s)
        {
            where.Add("state = $state");
            cmd.Parameters.AddWithValue("$state", s.ToName());
        }
        if (query.BeforeRunId is not null)
        {
            where.Add("run_id < $before");
            cmd.Parameters.AddWithValue("$before", query.BeforeRunId);
        }
        cmd.CommandText = $"SELECT {RunColumns} FROM runs {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY run_id DESC LIMIT $limit";
        cmd.Parameters.AddWithValue("$limit", Math.Max(0, query.Limit));
        var list = new List<RunRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadRun(r));
        }
        return list;
    }

    /// <inheritdoc />
    public Task<bool> TryAcquireRunLeaseAsync(string runId, string owner, DateTimeOffset now, TimeSpan duration, string? stealFrom = null, CancellationToken cancellationToken = default) =>
        WriteAsync(conn => TakeRunLease(conn, null, runId, owner, now, duration, stealFrom, markRunning: false), cancellationToken);

    /// <inheritdoc />
    /// <remarks>One <c>BEGIN IMMEDIATE</c> transaction: SQLite's single writer serializes admissions of every process.</remarks>
    public Task<string?> TryAdmitRunAsync(string runId, string owner, DateTimeOffset now, TimeSpan duration, Func<IReadOnlyList<RunRecord>, string?> refusal,
        string? stealFrom = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return WriteTransactionAsync((conn, tx) =>
        {
            var executing = new List<RunRecord>();
            using (var select = conn.CreateCommand())
            {
                select.Transaction = tx;
                select.CommandText = """
                    SELECT run_id, pipeline_id, version_hash, inputs, lease_owner FROM runs
                    WHERE pipeline_id = (SELECT pipeline_id FROM runs WHERE run_id = $id) AND run_id <> $id AND state = 'running'
                      AND (lease_owner IS NULL OR lease_expires_at >= $now)
                    ORDER BY run_id
                    """;
                select.Parameters.AddWithValue("$id", runId);
                select.Parameters.AddWithValue("$now", SqliteTime.ToStored(now));
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    executing.Add(new RunRecord
                    {
                        RunId = reader.GetString(0), PipelineId = reader.GetString(1), VersionHash = reader.GetString(2), State = RunState.Running,
                        InputsJson = reader.GetString(3), LeaseOwner = reader.IsDBNull(4) ? null : reader.GetString(4),
                    });
                }
            }
            if (refusal(executing) is { } refused)
            {
                return Task.FromResult<string?>(refused);
            }
            return Task.FromResult(TakeRunLease(conn, tx, runId, owner, now, duration, stealFrom, markRunning: true)
                ? null : $"run '{runId}' is held by another live process");
        }, cancellationToken);
    }

    /// <summary>The run lease taken or renewed when it is free, ours, expired or handed over by <paramref name="stealFrom"/>.</summary>
    private static bool TakeRunLease(SqliteConnection conn, SqliteTransaction? tx, string runId, string owner, DateTimeOffset now, TimeSpan duration,
        string? stealFrom, bool markRunning)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"""
            UPDATE runs SET lease_owner = $owner, lease_expires_at = $until{(markRunning ? ", state = 'running'" : "")}
            WHERE run_id = $id AND (lease_owner IS NULL OR lease_owner = $owner OR lease_expires_at < $now OR lease_owner = $steal)
            """;
        cmd.Parameters.AddWithValue("$owner", owner);
        cmd.Parameters.AddWithValue("$until", SqliteTime.ToStored(now + duration));
        cmd.Parameters.AddWithValue("$id", runId);
        cmd.Parameters.AddWithValue("$now", SqliteTime.ToStored(now));
        cmd.Parameters.AddWithValue("$steal", (object?)stealFrom ?? DBNull.Value);
        return cmd.ExecuteNonQuery() == 1;
    }

    /// <inheritdoc />
    public Task<bool> RenewRunLeaseAsync(string runId, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default) =>
        WriteAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "UPDATE runs SET lease_expires_at = $until WHERE run_id = $id AND lease_owner = $owner";
            cmd.Parameters.AddWithValue("$until", SqliteTime.ToStored(now + duration));
            cmd.Parameters.AddWithValue("$id", runId);
            cmd.Parameters.AddWithValue("$owner", owner);
            return cmd.ExecuteNonQuery() == 1;
        }, cancellationToken);

    /// <inheritdoc />
    public Task ReleaseRunLeaseAsync(string runId, string owner, CancellationToken cancellationToken = default) =>
        WriteAsync(conn =>
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL WHERE run_id = $id AND lease_owner = $owner";
            cmd.Parameters.AddWithValue("$id", runId);
            cmd.Parameters.AddWithValue("$owner", owner);
            return cmd.ExecuteNonQuery();
        }, cancellationToken);

    private static RunRecord ReadRun(SqliteDataReader r) => new()
    {
        RunId = r.GetString(0),
        PipelineId = r.GetString(1),
        VersionHash = r.GetString(2),
        State = StateNames.ParseRun(r.GetString(3)),
        InputsJson = r.GetString(4),
        LogicalDate = SqliteTime.FromStoredOrNull(r.GetValue(5)),
        Trigger = r.GetString(6),
        CreatedAt = SqliteTime.FromStored(r.GetInt64(7)),
        StartedAt = SqliteTime.FromStoredOrNull(r.GetValue(8)),
        EndedAt = SqliteTime.FromStoredOrNull(r.GetValue(9)),
        Error = NullableString(r, 10),
        LeaseOwner = NullableString(r, 11),
        LeaseExpiresAt = SqliteTime.FromStoredOrNull(r.GetValue(12)),
        ResultJson = NullableString(r, 13),
    };

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
