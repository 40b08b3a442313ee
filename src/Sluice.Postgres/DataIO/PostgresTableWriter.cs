using System.Text;
using Npgsql;
using NpgsqlTypes;
using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.DataActions.IO;
using Sluice.Postgres.Connection;

namespace Sluice.Postgres.DataIO;

/// <summary>
/// Writes a stream into a PostgreSQL table with <c>COPY … FROM STDIN (FORMAT BINARY)</c>, all in one transaction, so a
/// failure (a bad value, a violated constraint, a lost connection) leaves the table as it was. <c>replace</c> copies
/// into a new table that replaces the old one (dropped) before the commit; <c>create</c> refuses an existing table;
/// <c>append</c> copies into a temporary table and inserts from it, so the target's own types, defaults and
/// constraints apply. New tables get: int64 → bigint, float64 → double precision, bool → boolean,
/// decimal(s) → numeric(18,s), string → text, date → date, timestamp → timestamp (without time zone).
/// </summary>
internal static class PostgresTableWriter
{
    /// <summary>Writes <paramref name="source"/>; returns the rows written.</summary>
    /// <exception cref="DataException">The write failed and was rolled back (transient when the server could not be reached).</exception>
    public static async Task<long> WriteAsync(IBatchSource source, ConnectionTarget target, string table, TableWriteMode mode, IReadOnlyList<string> keys, string where, CancellationToken cancellationToken)
    {
        var schema = source.Schema;
        var qualified = PostgresTypes.QuoteTable(table);
        var columns = string.Join(", ", schema.Fields.Select(static f => PostgresTypes.Quote(f.Name)));
        var definition = string.Join(", ", schema.Fields.Select(static f => $"{PostgresTypes.Quote(f.Name)} {PostgresTypes.Ddl(f.Type)}"));
        try
        {
            var connection = new NpgsqlConnection(target.Builder.ConnectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    var existing = await ExistingColumnsAsync(connection, qualified, cancellationToken).ConfigureAwait(false);
                    long rows;
                    if (mode == TableWriteMode.Merge && keys.FirstOrDefault(k => schema.IndexOf(k) < 0) is { } badKey)
                    {
                        throw new DataException($"{where}: merge key '{badKey}' is not in the data (columns: {string.Join(", ", schema.Fields.Select(static f => f.Name))})");
                    }
                    if (existing is null && mode == TableWriteMode.Merge)
                    {
                        // A new table is merged into like an existing one, so duplicate keys in the data collapse the same way.
                        await ExecuteAsync(connection, $"CREATE TABLE {qualified} ({definition})", cancellationToken).ConfigureAwait(false);
                        existing = [.. schema.Fields.Select(static f => f.Name)];
                    }
                    if (existing is null || mode == TableWriteMode.Create)
                    {
                        if (existing is not null)
                        {
                            throw new DataException($"{where}: the table already exists (mode: create); use mode: append or replace");
                        }
                        await ExecuteAsync(connection, $"CREATE TABLE {qualified} ({definition})", cancellationToken).ConfigureAwait(false);
                        rows = await CopyAsync(connection, source, $"{qualified} ({columns})", cancellationToken).ConfigureAwait(false);
                    }
                    else if (mode == TableWriteMode.Replace)
                    {
                        var staging = "sluice_staging_" + Guid.NewGuid().ToString("N");
                        var dot = qualified.IndexOf("\".\"", StringComparison.Ordinal);
                        var stagingQualified = (dot > 0 ? qualified[..(dot + 2)] : "") + PostgresTypes.Quote(staging);
                        await ExecuteAsync(connection, $"CREATE TABLE {stagingQualified} ({definition})", cancellationToken).ConfigureAwait(false);
                        rows = await CopyAsync(connection, source, $"{stagingQualified} ({columns})", cancellationToken).ConfigureAwait(false);
                        await ExecuteAsync(connection, $"DROP TABLE {qualified}", cancellationToken).ConfigureAwait(false);
                        var name = dot > 0 ? table[(table.IndexOf('.', StringComparison.Ordinal) + 1)..] : table;
                        await ExecuteAsync(connection, $"ALTER TABLE {stagingQualified} RENAME TO {PostgresTypes.Quote(name)}", cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        var missing = schema.Fields.Select(static f => f.Name).Where(n => !existing.Contains(n)).ToList();
                        if (missing.Count > 0)
                        {
                            throw new DataException($"{where}: the table has no column {string.Join(", ", missing.Select(static m => $"'{m}'"))} (columns: {string.Join(", ", existing)}); mode: replace would recreate it");
                        }
                        var staging = PostgresTypes.Quote("sluice_append_" + Guid.NewGuid().ToString("N"));
                        await ExecuteAsync(connection, $"CREATE TEMPORARY TABLE {staging} ({definition}) ON COMMIT DROP", cancellationToken).ConfigureAwait(false);
                        await CopyAsync(connection, source, $"{staging} ({columns})", cancellationToken).ConfigureAwait(false);
                        if (mode == TableWriteMode.Merge)
                        {
                            // The last row of a key wins (COPY fills a fresh table in order), then the table's rows with those keys go.
                            var same = string.Join(" AND ", keys.Select(static k => $"a.{PostgresTypes.Quote(k)} IS NOT DISTINCT FROM b.{PostgresTypes.Quote(k)}"));
                            await ExecuteAsync(connection, $"DELETE FROM {staging} a USING {staging} b WHERE {same} AND a.ctid < b.ctid", cancellationToken).ConfigureAwait(false);
                            await ExecuteAsync(connection, $"DELETE FROM {qualified} a USING {staging} b WHERE {same}", cancellationToken).ConfigureAwait(false);
                        }
                        rows = await ExecuteAsync(connection, $"INSERT INTO {qualified} ({columns}) SELECT {columns} FROM {staging}", cancellationToken).ConfigureAwait(false);
                    }
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return rows;
                }
            }
        }
        catch (NpgsqlException ex)
        {
            throw PostgresTableSource.Failure(ex, where, target);
        }
    }

    /// <summary>The column names of the table, or null when there is no such table.</summary>
    private static async Task<HashSet<string>?> ExistingColumnsAsync(NpgsqlConnection connection, string qualified, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = to_regclass(@name) AND a.attnum > 0 AND NOT a.attisdropped; SELECT to_regclass(@name) IS NOT NULL", connection);
        command.Parameters.AddWithValue("name", qualified);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetBoolean(0) ? names : null;
    }

    private static async Task<long> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> CopyAsync(NpgsqlConnection connection, IBatchSource source, string into, CancellationToken cancellationToken)
    {
        var importer = await connection.BeginBinaryImportAsync($"COPY {into} FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            var chars = new char[256];
            await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
            {
                using (batch)
                {
                    for (var r = 0; r < batch.RowCount; r++)
                    {
                        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                        for (var c = 0; c < batch.Columns.Count; c++)
                        {
                            var column = batch.Column(c);
                            if (column.IsNull(r))
                            {
                                await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                            }
                            else
                            {
                                chars = await WriteAsync(importer, column, r, chars, cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }
                }
            }
            return (long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes one non-null value; returns the (maybe grown) text buffer.</summary>
    private static async ValueTask<char[]> WriteAsync(NpgsqlBinaryImporter importer, Column column, int row, char[] chars, CancellationToken cancellationToken)
    {
        switch (column.Type.Kind)
        {
            case TypeKind.Int64:
                await importer.WriteAsync(((PrimitiveColumn<long>)column).Values[row], NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                break;
            case TypeKind.Float64:
                await importer.WriteAsync(((PrimitiveColumn<double>)column).Values[row], NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                break;
            case TypeKind.Bool:
                await importer.WriteAsync(((PrimitiveColumn<bool>)column).Values[row], NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                break;
            case TypeKind.Decimal:
                await importer.WriteAsync(ToDecimal(((PrimitiveColumn<long>)column).Values[row], column.Type.Scale), NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                break;
            case TypeKind.Date:
                await importer.WriteAsync(DateOnly.FromDayNumber(EpochDay + ((PrimitiveColumn<int>)column).Values[row]), NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                break;
            case TypeKind.Timestamp:
                var ticks = EpochTicks + (((PrimitiveColumn<long>)column).Values[row] * TimeSpan.TicksPerMicrosecond);
                await importer.WriteAsync(new DateTime(ticks, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp, cancellationToken).ConfigureAwait(false);
                break;
            default:
                var bytes = ((Utf8Column)column).GetBytes(row);
                if (chars.Length < bytes.Length)
                {
                    chars = new char[Math.Max(bytes.Length, chars.Length * 2)];
                }
                var n = Encoding.UTF8.GetChars(bytes, chars);
                await importer.WriteAsync(new ReadOnlyMemory<char>(chars, 0, n), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                break;
        }
        return chars;
    }

    private static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>The decimal of a scaled 64-bit integer, built from its bits (no division, exact).</summary>
    private static decimal ToDecimal(long scaled, int scale)
    {
        var negative = scaled < 0;
        var magnitude = negative ? (ulong)(-(scaled + 1)) + 1 : (ulong)scaled;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, (byte)scale);
    }
}
