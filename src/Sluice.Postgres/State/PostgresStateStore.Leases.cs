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
