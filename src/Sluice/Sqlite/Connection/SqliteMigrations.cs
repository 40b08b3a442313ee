using Microsoft.Data.Sqlite;

namespace Sluice.Sqlite.Connection;

/// <summary>
/// Versioned schema steps for the SQLite files Sluice keeps (state, schedules, quality history, file triggers): each
/// component records the steps it applied in its own <c>*_migrations</c> table and applies the missing ones in order.
/// </summary>
public static class SqliteMigrations
{
    /// <summary>
    /// Applies the steps of <paramref name="steps"/> that <paramref name="table"/> does not list yet, in one
    /// <c>BEGIN IMMEDIATE</c> transaction: it takes the write lock before reading the version, so two processes
    /// opening the same file at once apply each step exactly once.
    /// </summary>
    /// <param name="connection">An open connection to the file.</param>
    /// <param name="table">The component's migrations table (created when missing).</param>
    /// <param name="steps">SQL per version: step <c>i</c> brings the schema to version <c>i + 1</c>.</param>
    /// <param name="cancellationToken">Cancels the work (the transaction rolls back).</param>
    public static async Task ApplyAsync(SqliteConnection connection, string table, IReadOnlyList<string> steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(steps);
        await ExecAsync(connection, null, $"CREATE TABLE IF NOT EXISTS {table} (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);", cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction(deferred: false);
        long current;
        await using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = $"SELECT COALESCE(MAX(version), 0) FROM {table}";
            current = (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        for (var v = (int)current; v < steps.Count; v++)
        {
            await ExecAsync(connection, tx, steps[v] + $"\nINSERT INTO {table} (version, applied_at) VALUES ({v + 1}, 0);", cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
