using Microsoft.Data.Sqlite;
using Sluice.Data.Batches;
using Sluice.Data.Json;
using Sluice.DataActions.IO;

namespace Sluice.DataActions.Sql;

/// <summary>
/// The current result set of an open <see cref="SqliteDataReader"/> as a stream of record batches, read once.
/// Column types come from an explicit schema, else from the column's declared type (a table column), else from the
/// type of the first row's value (an expression); see <see cref="SqliteTableSource.FromDeclared"/>. A later value
/// that does not convert fails the stream with the row and column (see <see cref="SqlResultSource"/>).
/// </summary>
internal sealed class SqliteResultSource(SqliteDataReader reader, Schema? explicitSchema) : SqlResultSource(reader, Columns(reader), explicitSchema)
{
    private byte[] _scratch = new byte[256];

    /// <inheritdoc />
    protected override bool TryAppend(int column, RowBatchBuilder builder) =>
        SqliteCell.Append(reader, column, column, Schema[column].Type, builder, ref _scratch);

    /// <inheritdoc />
    protected override string ConversionHint(int column) =>
        $" (the type of the column's first value or declared type); CAST it in the query or set schema: {{{Schema[column].Name}: string}}";

    private static Field[] Columns(SqliteDataReader reader)
    {
        var columns = new Field[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new Field(reader.GetName(i), TypeOf(reader, i));
        }
        return columns;
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
