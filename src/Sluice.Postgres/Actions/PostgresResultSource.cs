using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;
using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Json;
using Sluice.Diagnostics;
using Sluice.Postgres.DataIO;

namespace Sluice.Postgres.Actions;

/// <summary>
/// The current result of an open <see cref="NpgsqlDataReader"/> as a stream of record batches, read once. Column types
/// come from the result's PostgreSQL types (as for tables; a numeric without a usable scale, such as <c>sum(x)</c>, is
/// float64) unless <c>schema</c> gives one; a value that does not convert to a given type fails the stream with the row
/// and column: SQL results are not quarantined.
/// </summary>
internal sealed class PostgresResultSource : IBatchSource
{
    private const int BatchRows = 16384;
    private readonly NpgsqlDataReader _reader;
    private readonly PostgresReadKind[] _reads;
    private readonly string[] _sourceTypes;
    private bool _read;

    /// <exception cref="SluiceException">Two columns have the same name, or a column's type has no engine type.</exception>
    public PostgresResultSource(NpgsqlDataReader reader, Schema? explicitSchema)
    {
        _reader = reader;
        var described = reader.GetColumnSchema();
        var fields = new List<Field>(described.Count);
        _reads = new PostgresReadKind[described.Count];
        _sourceTypes = new string[described.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < described.Count; i++)
        {
            var column = described[i];
            if (!names.Add(column.ColumnName))
            {
                throw new SluiceException($"the result has two columns named '{column.ColumnName}'; give one an alias (AS other_name)");
            }
            var natural = PostgresTypes.Natural(column, numericAsFloat: true, out _)
                ?? throw new SluiceException($"result column '{column.ColumnName}' has the PostgreSQL type {PostgresTypes.Display(column)}, which has no engine type; cast it in the query ({column.ColumnName}::text)");
            _reads[i] = natural.Read;
            _sourceTypes[i] = PostgresTypes.Display(column);
            fields.Add(new Field(column.ColumnName, explicitSchema is { } s && s.IndexOf(column.ColumnName) is var j and >= 0 ? s[j].Type : natural.Type));
        }
        Schema = new Schema(fields);
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_read)
        {
            throw new InvalidOperationException("A SQL result can be read once.");
        }
        _read = true;
        var builder = new RowBatchBuilder(Schema, 4096);
        var text = new PostgresValueText();
        long row = 0;
        while (await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row++;
            for (var c = 0; c < _reads.Length; c++)
            {
                if (!Append(c, builder, text))
                {
                    throw new DataException(
                        $"row {row.ToString(CultureInfo.InvariantCulture)}, column '{Schema[c].Name}' ({_sourceTypes[c]}): '{_reader.GetValue(c)}' does not convert to {Schema[c].Type}; " +
                        $"CAST it in the query or change schema: {{{Schema[c].Name}: ...}}");
                }
            }
            builder.EndRow();
            if (builder.RowCount >= BatchRows)
            {
                var batch = builder.Build();
                yield return transform is null ? batch : transform(batch);
            }
        }
        if (builder.RowCount > 0)
        {
            var batch = builder.Build();
            yield return transform is null ? batch : transform(batch);
        }
    }

    private bool Append(int c, RowBatchBuilder builder, PostgresValueText text)
    {
        if (_reader.IsDBNull(c))
        {
            builder.AppendNull(c);
            return true;
        }
        return _reads[c] switch
        {
            PostgresReadKind.Int64 => PostgresValueText.Append(builder, c, _reader.GetFieldValue<long>(c)),
            PostgresReadKind.Float64 => PostgresValueText.Append(builder, c, _reader.GetFieldValue<double>(c)),
            PostgresReadKind.Bool => PostgresValueText.Append(builder, c, _reader.GetBoolean(c)),
            PostgresReadKind.Decimal => PostgresValueText.Append(builder, c, _reader.GetDecimal(c)),
            PostgresReadKind.Date => PostgresValueText.Append(builder, c, _reader.GetFieldValue<DateOnly>(c)),
            PostgresReadKind.Timestamp or PostgresReadKind.TimestampUtc => PostgresValueText.Append(builder, c, _reader.GetDateTime(c)),
            _ => text.Append(builder, c, _reader.GetString(c)),
        };
    }
}
