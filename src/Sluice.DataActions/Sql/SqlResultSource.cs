using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Json;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Sql;

/// <summary>
/// The current result set of an open <see cref="DbDataReader"/> as a stream of record batches, read once: what the
/// <c>sql</c> action writes as its <c>data</c> dataset. Each database derives from it to type the columns and move
/// one value into a batch; a value that does not convert fails the stream with the row and column (SQL results are
/// not quarantined).
/// </summary>
public abstract class SqlResultSource : IBatchSource
{
    private const int BatchRows = 16384;
    private readonly DbDataReader _reader;
    private readonly IReadOnlyList<string>? _sourceTypes;
    private bool _read;

    /// <summary>Reads <paramref name="reader"/>'s current result with the columns <paramref name="columns"/>.</summary>
    /// <param name="reader">The reader, before the first row of the result.</param>
    /// <param name="columns">The result's columns, typed by the database.</param>
    /// <param name="explicitSchema">Types for some or all columns (by name) that override the database's, or null.</param>
    /// <param name="sourceTypes">The database's type name of each column, named in a conversion error; null when it has none.</param>
    /// <exception cref="SluiceException">Two columns have the same name.</exception>
    protected SqlResultSource(DbDataReader reader, IReadOnlyList<Field> columns, Schema? explicitSchema, IReadOnlyList<string>? sourceTypes = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        _reader = reader;
        _sourceTypes = sourceTypes;
        var fields = new List<Field>(columns.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (!names.Add(column.Name))
            {
                throw new SluiceException($"the result has two columns named '{column.Name}'; give one an alias (AS other_name)");
            }
            fields.Add(explicitSchema is { } s && s.IndexOf(column.Name) is var j and >= 0 ? new Field(column.Name, s[j].Type) : column);
        }
        Schema = new Schema(fields);
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <inheritdoc />
    /// <exception cref="DataException">A value does not convert to its column's type.</exception>
    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_read)
        {
            throw new InvalidOperationException("A SQL result can be read once.");
        }
        _read = true;
        var builder = new RowBatchBuilder(Schema, 4096);
        long row = 0;
        while (await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row++;
            for (var c = 0; c < Schema.Count; c++)
            {
                if (!TryAppend(c, builder))
                {
                    throw new DataException(
                        $"row {row.ToString(CultureInfo.InvariantCulture)}, column '{Schema[c].Name}'{SourceType(c)}: '{_reader.GetValue(c)}' does not convert to {Schema[c].Type}" +
                        ConversionHint(c));
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

    /// <summary>Appends the current row's value of <paramref name="column"/> (null included) to <paramref name="builder"/>; false when it does not convert to the column's type.</summary>
    protected abstract bool TryAppend(int column, RowBatchBuilder builder);

    /// <summary>The database's type of <paramref name="column"/> for the conversion error, such as <c> (numeric)</c>, or empty.</summary>
    private string SourceType(int column) => _sourceTypes is null ? "" : $" ({_sourceTypes[column]})";

    /// <summary>How to fix a value that does not convert, appended to the error: by default, cast it or give the column's type in <c>schema</c>.</summary>
    protected virtual string ConversionHint(int column) => $"; CAST it in the query or change schema: {{{Schema[column].Name}: ...}}";
}
