using Npgsql;

namespace Sluice.Postgres.State;

/// <summary>
/// Applies the schema steps a database has not seen yet: the store's (<see cref="PostgresSchema.Migrations"/>, tracked in
/// <c>schema_migrations</c>) and those of parts versioned on their own (quality history), each in its own table.
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>
    /// Brings the schema up to date in one transaction. Concurrent migrators (several workers starting
    /// at once) queue on a transaction-scoped advisory lock, so each step runs exactly once.
    /// </summary>
    /// <returns>The number of steps applied.</returns>
    public static Task<int> MigrateAsync(NpgsqlConnection conn, CancellationToken cancellationToken) =>
        MigrateAsync(conn, "schema_migrations", PostgresSchema.Migrations, cancellationToken);

    /// <summary>Applies the steps of <paramref name="steps"/> that <paramref name="table"/> does not list yet, under the same lock.</summary>
    /// <returns>The number of steps applied.</returns>
    public static async Task<int> MigrateAsync(NpgsqlConnection conn, string table, IReadOnlyList<string> steps, CancellationToken cancellationToken)
    {
        var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (tx.ConfigureAwait(false))
        {
            await ExecAsync(conn, tx, $"SELECT pg_advisory_xact_lock({PostgresSchema.MigrationLockKey})", cancellationToken).ConfigureAwait(false);
            await ExecAsync(conn, tx, $"CREATE TABLE IF NOT EXISTS {table} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);
            int current;
            var read = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {table}", conn, tx);
            await using (read.ConfigureAwait(false))
            {
                current = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            if (current > steps.Count)
            {
                throw new Sluice.Diagnostics.SluiceException(
                    $"The PostgreSQL schema ({table}) is at version {current}, newer than this Sluice knows ({steps.Count}). Upgrade Sluice.");
            }
            for (var v = current; v < steps.Count; v++)
            {
                await ExecAsync(conn, tx, steps[v], cancellationToken).ConfigureAwait(false);
                await ExecAsync(conn, tx, $"INSERT INTO {table} (version) VALUES ({v + 1})", cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return steps.Count - current;
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
