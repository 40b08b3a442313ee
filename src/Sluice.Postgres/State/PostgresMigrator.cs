using Npgsql;

namespace Sluice.Postgres.State;

/// <summary>Applies <see cref="PostgresSchema.Migrations"/> that a database has not seen yet.</summary>
internal static class PostgresMigrator
{
    /// <summary>
    /// Brings the schema up to date in one transaction. Concurrent migrators (several workers starting
    /// at once) queue on a transaction-scoped advisory lock, so each step runs exactly once.
    /// </summary>
    /// <returns>The number of steps applied.</returns>
    public static async Task<int> MigrateAsync(NpgsqlConnection conn, CancellationToken cancellationToken)
    {
        var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (tx.ConfigureAwait(false))
        {
            await ExecAsync(conn, tx, $"SELECT pg_advisory_xact_lock({PostgresSchema.MigrationLockKey})", cancellationToken).ConfigureAwait(false);
            await ExecAsync(conn, tx, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);
            int current;
            var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", conn, tx);
            await using (read.ConfigureAwait(false))
            {
                current = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            var steps = PostgresSchema.Migrations;
            if (current > steps.Length)
            {
                throw new Sluice.Diagnostics.SluiceException(
                    $"The PostgreSQL schema is at version {current}, newer than this Sluice knows ({steps.Length}). Upgrade Sluice.");
            }
            for (var v = current; v < steps.Length; v++)
            {
                await ExecAsync(conn, tx, steps[v], cancellationToken).ConfigureAwait(false);
                await ExecAsync(conn, tx, $"INSERT INTO schema_migrations (version) VALUES ({v + 1})", cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return steps.Length - current;
        }
    }

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        await using (cmd.ConfigureAwait(false))
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
