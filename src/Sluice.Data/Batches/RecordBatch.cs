using Sluice.Data.Columns;

namespace Sluice.Data.Batches;

/// <summary>
/// A schema, one column per field and a row count. The batch owns one reference to each column;
/// <see cref="Dispose"/> releases them (buffers return to the pool when no other batch shares them).
/// </summary>
public sealed class RecordBatch : IDisposable
{
    private readonly Column[] _columns;
    private bool _disposed;

    /// <summary>Creates a batch; ownership of <paramref name="columns"/> passes to it.</summary>
    /// <exception cref="ArgumentException">Column count, lengths or types do not match the schema.</exception>
    public RecordBatch(Schema schema, IReadOnlyList<Column> columns, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != schema.Count)
        {
            throw new ArgumentException($"Schema has {schema.Count} fields but {columns.Count} columns were given.", nameof(columns));
        }

        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length != rowCount)
            {
                throw new ArgumentException($"Column '{schema[i].Name}' has {columns[i].Length} rows, expected {rowCount}.", nameof(columns));
            }

            if (columns[i].Type != schema[i].Type)
            {
                throw new ArgumentException($"Column '{schema[i].Name}' is {columns[i].Type}, schema says {schema[i].Type}.", nameof(columns));
            }
        }

        Schema = schema;
        _columns = [.. columns];
        RowCount = rowCount;
    }

    /// <summary>The schema.</summary>
    public Schema Schema { get; }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The column named <paramref name="name"/>.</summary>
    /// <exception cref="DataException">No such column.</exception>
    public Column Column(string name) => _columns[Schema.Require(name)];

    /// <summary>The column at <paramref name="index"/>.</summary>
    public Column Column(int index) => _columns[index];

    /// <summary>Creates an empty batch of a schema.</summary>
    public static RecordBatch Empty(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var cols = new Column[schema.Count];
        for (var i = 0; i < cols.Length; i++)
        {
            cols[i] = ColumnFactory.Create(schema[i].Type, []);
        }

        return new RecordBatch(schema, cols, 0);
    }

    /// <summary>A new batch with the rows at <paramref name="rows"/>; index -1 gives a row of nulls.</summary>
    public RecordBatch Gather(ReadOnlySpan<int> rows)
    {
        var cols = new Column[_columns.Length];
        for (var i = 0; i < cols.Length; i++)
        {
            cols[i] = _columns[i].Gather(rows);
        }

        return new RecordBatch(Schema, cols, rows.Length);
    }

    /// <summary>A new batch sharing this batch's columns (each gets one more reference).</summary>
    public RecordBatch Share() => new(Schema, [.. _columns.Select(c => c.Retain())], RowCount);

    /// <summary>Releases the columns.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var c in _columns)
        {
            c.Dispose();
        }
    }
}
