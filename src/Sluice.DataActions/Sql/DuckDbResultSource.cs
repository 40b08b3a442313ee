using System.Numerics;
using DuckDB.NET.Data;
using Sluice.Data.Batches;
using Sluice.Data.Json;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Sql;

/// <summary>
/// The current result of an open <see cref="DuckDBDataReader"/> as a stream of record batches, read once. Column types
/// come from DuckDB's types (integers → int64, floating point → float64, <c>DECIMAL(p,s)</c> → decimal(s) when it fits
/// .NET's decimal, <c>DATE</c>, <c>TIMESTAMP</c>, <c>BOOLEAN</c>, <c>VARCHAR</c>) unless <c>schema</c> gives one; a type with
/// no engine type (lists, structs, blobs…) fails the task with a hint to cast it.
/// </summary>
internal sealed class DuckDbResultSource : SqlResultSource
{
    private readonly DuckDBDataReader _reader;
    private readonly Read[] _reads;
    private readonly SqlValueText _text = new();

    /// <exception cref="SluiceException">Two columns have the same name, or a column's type has no engine type.</exception>
    public DuckDbResultSource(DuckDBDataReader reader, Schema? explicitSchema)
        : this(reader, Describe(reader), explicitSchema)
    {
    }

    private DuckDbResultSource(DuckDBDataReader reader, (Field[] Fields, Read[] Reads, string[] SourceTypes) columns, Schema? explicitSchema)
        : base(reader, columns.Fields, explicitSchema, columns.SourceTypes)
    {
        _reader = reader;
        _reads = columns.Reads;
    }

    private enum Read
    {
        Int64,
        UInt64,
        Float64,
        Decimal,
        Bool,
        Date,
        Timestamp,
        Text,
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
        try
        {
            return Append(c, builder);
        }
        catch (OverflowException)
        {
            return false; // A DECIMAL(38,s) value beyond .NET decimal's 28 digits: reported with its row and column.
        }
    }

    private bool Append(int c, RowBatchBuilder builder)
    {
        return _reads[c] switch
        {
            Read.Int64 => SqlValueText.Append(builder, c, _reader.GetInt64(c)),
            Read.UInt64 => _text.Append(builder, c, Convert.ToString(_reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            Read.Float64 => SqlValueText.Append(builder, c, _reader.GetDouble(c)),
            Read.Decimal => SqlValueText.Append(builder, c, _reader.GetDecimal(c)),
            Read.Bool => SqlValueText.Append(builder, c, _reader.GetBoolean(c)),
            Read.Date => SqlValueText.Append(builder, c, _reader.GetFieldValue<DateOnly>(c)),
            Read.Timestamp => SqlValueText.Append(builder, c, _reader.GetDateTime(c)),
            _ => _text.Append(builder, c, _reader.GetString(c)),
        };
    }

    private static (Field[] Fields, Read[] Reads, string[] SourceTypes) Describe(DuckDBDataReader reader)
    {
        // The schema table is the one place DuckDB.NET gives a DECIMAL's scale (GetDataTypeName says only "Decimal").
        using var described = reader.GetSchemaTable();
        var fields = new Field[reader.FieldCount];
        var reads = new Read[reader.FieldCount];
        var sourceTypes = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            var name = reader.GetName(i);
            var typeName = reader.GetDataTypeName(i);
            var clr = reader.GetFieldType(i);
            var row = described.Rows[i];
            var precision = row["NumericPrecision"] is byte p ? p : 0;
            var scale = row["NumericScale"] is byte s ? s : 0;
            (DataType Type, Read Read)? natural = clr switch
            {
                _ when clr == typeof(long) || clr == typeof(int) || clr == typeof(short) || clr == typeof(sbyte)
                    || clr == typeof(uint) || clr == typeof(ushort) || clr == typeof(byte) => (DataType.Int64, Read.Int64),
                _ when clr == typeof(ulong) || clr == typeof(BigInteger) => (DataType.Int64, Read.UInt64),
                _ when clr == typeof(double) || clr == typeof(float) => (DataType.Float64, Read.Float64),
                _ when clr == typeof(decimal) => (DataType.Decimal(scale), Read.Decimal),
                _ when clr == typeof(bool) => (DataType.Bool, Read.Bool),
                _ when clr == typeof(DateOnly) => (DataType.Date, Read.Date),
                _ when clr == typeof(DateTime) => (DataType.Timestamp, Read.Timestamp),
                _ when clr == typeof(string) => (DataType.String, Read.Text),
                _ => null,
            };
            if (natural is not { } n)
            {
                throw new SluiceException($"result column '{name}' has the DuckDB type {typeName}, which has no engine type; cast it in the query (CAST({name} AS VARCHAR))");
            }
            fields[i] = new Field(name, n.Type);
            reads[i] = n.Read;
            sourceTypes[i] = clr == typeof(decimal) ? $"DECIMAL({precision},{scale})" : typeName.ToUpperInvariant();
        }
        return (fields, reads, sourceTypes);
    }
}
