using Sluice.State;

namespace Sluice.Postgres.State;

public sealed partial class PostgresStateStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One UPDATE decides: concurrent claimants on the same run serialize on its row lock, and each
    /// re-checks the condition against the winner's committed row, so exactly one of them gets it.
    /// A retry after a lost acknowledgement finds the lease already ours and succeeds again.
    /// </remarks>
    public Task<bool> TryAcquireRunLeaseAsync(string runId, string owner, DateTimeOffset now, TimeSpan duration, string? stealFrom = null, CancellationToken cancellationToken = default) =>
        RunAsync((runId, owner, now, duration, stealFrom), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, """
                UPDATE runs SET lease_owner = $2, lease_expires_at = $3
                WHERE run_id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_expires_at < $4 OR lease_owner = $5)
                RETURNING lease_owner
                """,
                Sql.Text(s.runId), Sql.Text(s.owner), Sql.Time(s.now + s.duration), Sql.Time(s.now), Sql.Text(s.stealFrom));
            await using (cmd.ConfigureAwait(false))
            {
                return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is string;
            }
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// One transaction under the advisory lock that pool-limited claims take (<see cref="Distributed.WorkSql.LockPools"/>):
    /// a second admission counts the executing runs only after the first one's lease is committed.
    /// </remarks>
    public Task<string?> TryAdmitRunAsync(string runId, string owner, DateTimeOffset now, TimeSpan duration, Func<IReadOnlyList<RunRecord>, string?> refusal,
        string? stealFrom = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return RunAsync((runId, owner, now, duration, refusal, stealFrom), static async (conn, s, _, ct) =>
        {
            var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                var locking = Sql.Command(conn, Distributed.WorkSql.LockPools);
                await using (locking.ConfigureAwait(false))
                {
                    await locking.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                var executing = new List<RunRecord>();
                var select = Sql.Command(conn, """
                    SELECT run_id, pipeline_id, version_hash, inputs, lease_owner FROM runs
                    WHERE pipeline_id = (SELECT pipeline_id FROM runs WHERE run_id = $1) AND run_id <> $1 AND state = 'running'
                      AND (lease_owner IS NULL OR lease_expires_at >= $2)
                    ORDER BY run_id
                    """, Sql.Text(s.runId), Sql.Time(s.now));
                await using (select.ConfigureAwait(false))
                {
                    var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            executing.Add(new RunRecord
                            {
                                RunId = reader.GetString(0), PipelineId = reader.GetString(1), VersionHash = reader.GetString(2), State = RunState.Running,
                                InputsJson = reader.GetString(3), LeaseOwner = Sql.StringOrNull(reader, 4),
                            });
                        }
                    }
                }
                if (s.refusal(executing) is { } refused)
                {
                    return refused;
                }
                var take = Sql.Command(conn, """
                    UPDATE runs SET lease_owner = $2, lease_expires_at = $3, state = 'running'
                    WHERE run_id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_expires_at < $4 OR lease_owner = $5)
                    """, Sql.Text(s.runId), Sql.Text(s.owner), Sql.Time(s.now + s.duration), Sql.Time(s.now), Sql.Text(s.stealFrom));
                int taken;
                await using (take.ConfigureAwait(false))
                {
                    taken = await take.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return taken == 1 ? null : $"run '{s.runId}' is held by another live process";
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RenewRunLeaseAsync(string runId, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default) =>
        RunAsync((runId, owner, until: now + duration), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, "UPDATE runs SET lease_expires_at = $3 WHERE run_id = $1 AND lease_owner = $2",
                Sql.Text(s.runId), Sql.Text(s.owner), Sql.Time(s.until));
            await using (cmd.ConfigureAwait(false))
            {
                return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task ReleaseRunLeaseAsync(string runId, string owner, CancellationToken cancellationToken = default) =>
        RunAsync((runId, owner), static async (conn, s, _, ct) =>
        {
            var cmd = Sql.Command(conn, "UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL WHERE run_id = $1 AND lease_owner = $2",
                Sql.Text(s.runId), Sql.Text(s.owner));
            await using (cmd.ConfigureAwait(false))
            {
                return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken);
}
