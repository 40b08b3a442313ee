using Microsoft.Data.Sqlite;
using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;

namespace Sluice.DataActions.IO;

/// <summary>
/// Writes a stream into a SQLite table atomically: the rows go into a new table inside one transaction, which then
/// drops the old table and renames the new one; a failure rolls everything back, leaving the old table (or none).
/// Types: int64 → INTEGER, float64 → REAL, bool → BOOLEAN (0/1), decimal(s) → DECIMAL(18,s), date → DATE and
/// timestamp → TIMESTAMP (ISO text), string → TEXT.
/// </summary>
public static class SqliteTableWriter
{
    /// <summary>Writes <paramref name="source"/> to <paramref name="table"/> of the database at <paramref name="path"/> (created if missing); returns the rows written.</summary>
    /// <exception cref="DataException">A database error (transient when the database is busy).</exception>
    public static Task<long> WriteAsync(IBatchSource source, string path, string table, CancellationToken cancellationToken = default) =>
        WriteAsync(source, path, table, null, cancellationToken);

    /// <summary>
    /// Writes <paramref name="source"/> to <paramref name="table"/>; with <paramref name="mergeKeys"/>, upserts by those
    /// columns instead of replacing the table (the last row of a key in the data wins). Returns the rows written.
    /// </summary>
    /// <exception cref="DataException">A database error (transient when the database is busy).</exception>
    public static async Task<long> WriteAsync(IBatchSource source, string path, string table, IReadOnlyList<string>? mergeKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(table);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var schema = source.Schema;
        var staging = $"{table}__sluice_{Guid.NewGuid():N}";
        try
        {
            await using var connection = Connect(path, readOnly: false);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, $"CREATE TABLE {Quote(staging)} ({string.Join(", ", schema.Fields.Select(static f => $"{Quote(f.Name)} {Declared(f.Type)}"))})", cancellationToken).ConfigureAwait(false);
            long rows = 0;
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = $"INSERT INTO {Quote(staging)} VALUES ({string.Join(", ", schema.Fields.Select(static (_, i) => "$p" + i))})";
                var parameters = schema.Fields.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
                insert.Prepare();
                await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
                {
                    using (batch)
                    {
                        for (var r = 0; r < batch.RowCount; r++)
                        {
                            for (var c = 0; c < parameters.Length; c++)
                            {
                                parameters[c].Value = Value(batch.Column(c), r);
                            }

                            insert.ExecuteNonQuery();
                        }

                        rows += batch.RowCount;
                    }
                }
            }

            if (mergeKeys is not null && await TableExistsAsync(connection, tx, table, cancellationToken).ConfigureAwait(false))
            {
                var columns = string.Join(", ", schema.Fields.Select(static f => Quote(f.Name)));
                var keys = string.Join(", ", mergeKeys.Select(Quote));
                var same = string.Join(" AND ", mergeKeys.Select(k => $"s.{Quote(k)} IS {Quote(table)}.{Quote(k)}"));
                await ExecuteAsync(connection, tx, $"DELETE FROM {Quote(staging)} WHERE rowid NOT IN (SELECT max(rowid) FROM {Quote(staging)} GROUP BY {keys})", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx, $"DELETE FROM {Quote(table)} WHERE EXISTS (SELECT 1 FROM {Quote(staging)} s WHERE {same})", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx, $"INSERT INTO {Quote(table)} ({columns}) SELECT {columns} FROM {Quote(staging)} ORDER BY rowid", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx, $"DROP TABLE {Quote(staging)}", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                if (mergeKeys is not null)
                {
                    await ExecuteAsync(connection, tx, $"DELETE FROM {Quote(staging)} WHERE rowid NOT IN (SELECT max(rowid) FROM {Quote(staging)} GROUP BY {string.Join(", ", mergeKeys.Select(Quote))})", cancellationToken).ConfigureAwait(false);
                }
                await ExecuteAsync(connection, tx, $"DROP TABLE IF EXISTS {Quote(table)}", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, tx, $"ALTER TABLE {Quote(staging)} RENAME TO {Quote(table)}", cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }
        catch (SqliteException ex)
        {
            throw new DataException($"Cannot write table '{table}' of '{path}': {ex.Message}", isTransient: ex.SqliteErrorCode is 5 or 6, ex);
        }
    }

    /// <summary>An unpooled connection (so that files can be moved or deleted right after use).</summary>
    internal static SqliteConnection Connect(string path, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>A quoted identifier.</summary>
    internal static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A quoted string literal.</summary>
    internal static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Declared(DataType type) => type.Kind switch
    {
        TypeKind.Int64 => "INTEGER",
        TypeKind.Float64 => "REAL",
        TypeKind.Bool => "BOOLEAN",
        TypeKind.Decimal => $"DECIMAL(18,{type.Scale})",
        TypeKind.Date => "DATE",
        TypeKind.Timestamp => "TIMESTAMP",
        _ => "TEXT",
    };

    private static object? Value(Column column, int row)
    {
        if (column.IsNull(row))
        {
            return DBNull.Value;
        }

        return column.Type.Kind switch
        {
            TypeKind.Date => ((DateOnly)column.GetValue(row)!).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            TypeKind.Timestamp => ((DateTime)column.GetValue(row)!).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF", System.Globalization.CultureInfo.InvariantCulture),
            TypeKind.Bool => (bool)column.GetValue(row)! ? 1L : 0L,
            _ => column.GetValue(row),
        };
    }

    private static async Task<bool> TableExistsAsync(SqliteConnection connection, SqliteTransaction tx, string table, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        cmd.Parameters.AddWithValue("$name", table);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
