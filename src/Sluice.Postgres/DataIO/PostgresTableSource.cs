using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Json;
using Sluice.Data.Quarantine;
using Sluice.DataActions.Sql;
using Sluice.Postgres.Connection;
using CommandBehavior = System.Data.CommandBehavior;

namespace Sluice.Postgres.DataIO;

/// <summary>
/// A PostgreSQL table or query as a stream of record batches, read with <c>COPY (SELECT …) TO STDOUT (FORMAT BINARY)</c>
/// on its own connection, one batch of up to 65,536 rows at a time. Only the chosen columns are selected. A value that
/// does not convert to an explicitly given type goes to the quarantine (the "line" is the row number) and is counted.
/// </summary>
internal sealed class PostgresTableSource : IBatchSource
{
    private readonly ConnectionTarget _target;
    private readonly string _where;
    private readonly string _copy;
    private readonly PostgresColumn[] _columns;
    private readonly IQuarantineSink? _quarantine;
    private readonly int _batchRows;
    private long _recordsRead;
    private long _recordsQuarantined;

    private PostgresTableSource(ConnectionTarget target, string where, string from, IReadOnlyList<PostgresColumn> columns, IQuarantineSink? quarantine, int batchRows)
    {
        _target = target;
        _where = where;
        _columns = [.. columns];
        _copy = $"COPY (SELECT {string.Join(", ", columns.Select(static c => c.Expression))} FROM {from}) TO STDOUT (FORMAT BINARY)";
        _quarantine = quarantine;
        _batchRows = batchRows;
        Schema = new Schema(columns.Select(static c => new Field(c.Name, c.Type)));
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <summary>Rows read so far (quarantined ones included).</summary>
    public long RecordsRead => Interlocked.Read(ref _recordsRead);

    /// <summary>Rows quarantined so far.</summary>
    public long RecordsQuarantined => Interlocked.Read(ref _recordsQuarantined);

    /// <summary>Connects once to learn the columns of <paramref name="from"/> (a quoted table or a parenthesized, aliased query) and plans the read.</summary>
    /// <exception cref="DataException">The server cannot be reached, the table or a column is missing, or a type is not supported.</exception>
    public static PostgresTableSource Open(ConnectionTarget target, string where, string from, Schema? explicitSchema, IReadOnlyList<string>? columns,
        IQuarantineSink? quarantine, int batchRows = 65536)
    {
        IReadOnlyList<Npgsql.Schema.NpgsqlDbColumn> described;
        try
        {
            using var connection = new NpgsqlConnection(target.Builder.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand($"SELECT * FROM {from} LIMIT 0", connection);
            using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly);
            described = reader.GetColumnSchema();
        }
        catch (NpgsqlException ex)
        {
            throw Failure(ex, where, target);
        }
        return new PostgresTableSource(target, where, from, PostgresColumnPlanner.Plan(described, explicitSchema, columns, where), quarantine, batchRows);
    }

    /// <summary>A <see cref="DataException"/> for a driver or server error: PostgreSQL's message and SQLSTATE, never the password.</summary>
    internal static DataException Failure(NpgsqlException ex, string where, ConnectionTarget target) => ex is PostgresException pg
        ? new DataException($"{where}: {pg.MessageText} (SQLSTATE {pg.SqlState})", PostgresErrors.IsTransient(ex), ex)
        : new DataException($"{where}: cannot reach PostgreSQL at {target}: {ex.Message}", PostgresErrors.IsTransient(ex), ex);

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(_target.Builder.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            NpgsqlBinaryExporter exporter;
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                exporter = await connection.BeginBinaryExportAsync(_copy, cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                throw Failure(ex, _where, _target);
            }
            await using (exporter.ConfigureAwait(false))
            {
                var builder = new RowBatchBuilder(Schema, 4096);
                var text = new SqlValueText();
                while (true)
                {
                    var batch = await FillAsync(exporter, builder, text, cancellationToken).ConfigureAwait(false);
                    if (batch is null)
                    {
                        break;
                    }
                    yield return transform is null ? batch : transform(batch);
                }
            }
        }
    }

    /// <summary>Reads rows until a batch is full or the data ends; null at the end.</summary>
    private async Task<RecordBatch?> FillAsync(NpgsqlBinaryExporter exporter, RowBatchBuilder builder, SqlValueText text, CancellationToken cancellationToken)
    {
        var column = 0;
        try
        {
            while (await exporter.StartRowAsync(cancellationToken).ConfigureAwait(false) >= 0)
            {
                var row = Interlocked.Increment(ref _recordsRead);
                var ok = true;
                for (column = 0; column < _columns.Length; column++)
                {
                    if (!ok)
                    {
                        await exporter.SkipAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else if (exporter.IsNull)
                    {
                        await exporter.SkipAsync(cancellationToken).ConfigureAwait(false);
                        builder.AppendNull(column);
                    }
                    else if (!await AppendAsync(exporter, builder, column, text, cancellationToken).ConfigureAwait(false))
                    {
                        ok = false;
                        Quarantine(row, column);
                    }
                }
                if (ok)
                {
                    builder.EndRow();
                }
                else
                {
                    builder.CancelRow();
                }
                if (builder.RowCount >= _batchRows)
                {
                    return builder.Build();
                }
            }
        }
        catch (NpgsqlException ex)
        {
            throw Failure(ex, _where, _target);
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new DataException($"{_where}: row {RecordsRead.ToString(CultureInfo.InvariantCulture)}, column '{_columns[column].Name}' ({_columns[column].SourceType}): {ex.Message}", ex);
        }
        return builder.RowCount > 0 ? builder.Build() : null;
    }

    private ValueTask<bool> AppendAsync(NpgsqlBinaryExporter exporter, RowBatchBuilder builder, int column, SqlValueText text, CancellationToken cancellationToken) =>
        _columns[column].Read switch
        {
            PostgresReadKind.Int64 => Then(exporter.ReadAsync<long>(NpgsqlDbType.Bigint, cancellationToken), builder, column, static (b, c, v) => SqlValueText.Append(b, c, v)),
            PostgresReadKind.Float64 => Then(exporter.ReadAsync<double>(NpgsqlDbType.Double, cancellationToken), builder, column, static (b, c, v) => SqlValueText.Append(b, c, v)),
            PostgresReadKind.Bool => Then(exporter.ReadAsync<bool>(NpgsqlDbType.Boolean, cancellationToken), builder, column, static (b, c, v) => SqlValueText.Append(b, c, v)),
            PostgresReadKind.Decimal => Then(exporter.ReadAsync<decimal>(NpgsqlDbType.Numeric, cancellationToken), builder, column, static (b, c, v) => SqlValueText.Append(b, c, v)),
            PostgresReadKind.Date => Then(exporter.ReadAsync<DateOnly>(NpgsqlDbType.Date, cancellationToken), builder, column, static (b, c, v) => SqlValueText.Append(b, c, v)),
            PostgresReadKind.Timestamp => Then(exporter.ReadAsync<DateTime>(NpgsqlDbType.Timestamp, cancellationToken), builder, column, static (b, c, v) => SqlValueText.Append(b, c, v)),
            PostgresReadKind.TimestampUtc => Then(exporter.ReadAsync<DateTime>(NpgsqlDbType.TimestampTz, cancellationToken), builder, column, static (b, c, v) => SqlValueText.Append(b, c, v)),
            _ => TextAsync(exporter.ReadAsync<string>(NpgsqlDbType.Text, cancellationToken), builder, column, text),
        };

    private static async ValueTask<bool> Then<T>(ValueTask<T> read, RowBatchBuilder builder, int column, Func<RowBatchBuilder, int, T, bool> append) =>
        append(builder, column, await read.ConfigureAwait(false));

    private static async ValueTask<bool> TextAsync(ValueTask<string> read, RowBatchBuilder builder, int column, SqlValueText text) =>
        text.Append(builder, column, await read.ConfigureAwait(false));

    private void Quarantine(long row, int column)
    {
        Interlocked.Increment(ref _recordsQuarantined);
        var c = _columns[column];
        _quarantine?.Add(new QuarantineRecord(_where, row, $"column '{c.Name}' ({c.SourceType}): the value does not convert to {c.Type}", ""));
    }
}
