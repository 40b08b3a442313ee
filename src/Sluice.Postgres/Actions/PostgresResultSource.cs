using Npgsql;
using Sluice.Data.Batches;
using Sluice.Data.Json;
using Sluice.DataActions.Sql;
using Sluice.Diagnostics;
using Sluice.Postgres.DataIO;

namespace Sluice.Postgres.Actions;

/// <summary>
/// The current result of an open <see cref="NpgsqlDataReader"/> as a stream of record batches, read once. Column types
/// come from the result's PostgreSQL types (as for tables; a numeric without a usable scale, such as <c>sum(x)</c>, is
/// float64) unless <c>schema</c> gives one; a value that does not convert to a given type fails the stream with the row
/// and column (see <see cref="SqlResultSource"/>).
/// </summary>
internal sealed class PostgresResultSource : SqlResultSource
{
    private readonly NpgsqlDataReader _reader;
    private readonly PostgresReadKind[] _reads;
    private readonly SqlValueText _text = new();

    /// <exception cref="SluiceException">Two columns have the same name, or a column's type has no engine type.</exception>
    public PostgresResultSource(NpgsqlDataReader reader, Schema? explicitSchema)
        : this(reader, Describe(reader), explicitSchema)
    {
    }

    private PostgresResultSource(NpgsqlDataReader reader, (Field[] Fields, PostgresReadKind[] Reads, string[] SourceTypes) columns, Schema? explicitSchema)
        : base(reader, columns.Fields, explicitSchema, columns.SourceTypes)
    {
        _reader = reader;
        _reads = columns.Reads;
    }

    /// <inheritdoc />
    protected override bool TryAppend(int column, RowBatchBuilder builder)
    {
        var c = column;
        if (_reader.IsDBNull(c))
        {
            builder.AppendNull(c);
            return true;
        }
        return _reads[c] switch
        {
            PostgresReadKind.Int64 => SqlValueText.Append(builder, c, _reader.GetFieldValue<long>(c)),
            PostgresReadKind.Float64 => SqlValueText.Append(builder, c, _reader.GetFieldValue<double>(c)),
            PostgresReadKind.Bool => SqlValueText.Append(builder, c, _reader.GetBoolean(c)),
            PostgresReadKind.Decimal => SqlValueText.Append(builder, c, _reader.GetDecimal(c)),
            PostgresReadKind.Date => SqlValueText.Append(builder, c, _reader.GetFieldValue<DateOnly>(c)),
            PostgresReadKind.Timestamp or PostgresReadKind.TimestampUtc => SqlValueText.Append(builder, c, _reader.GetDateTime(c)),
            _ => _text.Append(builder, c, _reader.GetString(c)),
        };
    }

    private static (Field[] Fields, PostgresReadKind[] Reads, string[] SourceTypes) Describe(NpgsqlDataReader reader)
    {
        var described = reader.GetColumnSchema();
        var fields = new Field[described.Count];
        var reads = new PostgresReadKind[described.Count];
        var sourceTypes = new string[described.Count];
        for (var i = 0; i < described.Count; i++)
        {
            var column = described[i];
            var natural = PostgresTypes.Natural(column, numericAsFloat: true, out _)
                ?? throw new SluiceException($"result column '{column.ColumnName}' has the PostgreSQL type {PostgresTypes.Display(column)}, which has no engine type; cast it in the query ({column.ColumnName}::text)");
            fields[i] = new Field(column.ColumnName, natural.Type);
            reads[i] = natural.Read;
            sourceTypes[i] = PostgresTypes.Display(column);
        }
        return (fields, reads, sourceTypes);
    }
}
