using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Json;
using Sluice.DataActions.IO;
using Sluice.Diagnostics;

namespace Sluice.Actions.BuiltIn.Sql;

/// <summary>
/// The current result set of an open <see cref="SqliteDataReader"/> as a stream of record batches, read once.
/// Column types come from an explicit schema, else from the column's declared type (a table column), else from the
/// type of the first row's value (an expression); see <see cref="SqliteTableSource.FromDeclared"/>. A later value
/// that does not convert fails the stream with the row and column: SQL results are not quarantined.
/// </summary>
internal sealed class SqliteResultSource : IBatchSource
{
    private const int BatchRows = 16384;
    private readonly SqliteDataReader _reader;
    private bool _read;

    /// <exception cref="SluiceException">Two result columns have the same name.</exception>
    public SqliteResultSource(SqliteDataReader reader, Schema? explicitSchema)
    {
        _reader = reader;
        var fields = new List<Field>(reader.FieldCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i);
            if (!names.Add(name))
            {
                throw new SluiceException($"the result has two columns named '{name}'; give one an alias (AS other_name)");
            }
            var type = explicitSchema is { } s && s.IndexOf(name) is var j and >= 0 ? s[j].Type : TypeOf(reader, i);
            fields.Add(new Field(name, type));
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
        var scratch = new byte[256];
        long row = 0;
        while (await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row++;
            for (var c = 0; c < Schema.Count; c++)
            {
                if (!SqliteCell.Append(_reader, c, c, Schema[c].Type, builder, ref scratch))
                {
                    throw new DataException(
                        $"row {row.ToString(CultureInfo.InvariantCulture)}, column '{Schema[c].Name}': '{_reader.GetValue(c)}' does not convert to {Schema[c].Type} " +
                        $"(the type of the column's first value or declared type); CAST it in the query or set schema: {{{Schema[c].Name}: string}}");
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

    private static DataType TypeOf(SqliteDataReader reader, int ordinal)
    {
        string declared;
        try
        {
            declared = reader.GetDataTypeName(ordinal);
        }
        catch (InvalidOperationException)
        {
            return DataType.String; // No declared type and no row to look at.
        }
        var upper = declared.ToUpperInvariant();
        // The provider drops "(p,s)" from declared types, so the scale of a DECIMAL column is unknown here.
        return upper.StartsWith("DECIMAL", StringComparison.Ordinal) || upper.StartsWith("NUMERIC", StringComparison.Ordinal)
            ? DataType.Float64
            : SqliteTableSource.FromDeclared(upper);
    }
}
