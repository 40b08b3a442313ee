using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Streaming.Windows;

/// <summary>Reads one column of a batch by row without boxing numbers: the hot path of the window operators.</summary>
internal readonly struct ColumnReader
{
    private readonly Column _column;
    private readonly long[]? _longs;
    private readonly double[]? _doubles;

    public ColumnReader(Column column)
    {
        _column = column;
        // The column's own buffer, not a copy: a batch is read once, row by row.
        _longs = column.Type.Kind != TypeKind.Decimal ? (column as PrimitiveColumn<long>)?.Buffer : null;
        _doubles = (column as PrimitiveColumn<double>)?.Buffer;
    }

    public bool IsInteger => _longs is not null;

    public bool IsNumber => _longs is not null || _doubles is not null;

    public bool IsNull(int row) => _column.IsNull(row);

    public long Long(int row) => _longs is { } l ? l[row] : (long)_doubles![row];

    public double Double(int row) => _longs is { } l ? l[row] : _doubles is { } d ? d[row] : Convert.ToDouble(_column.GetValue(row), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The value as a checkpointable object: long, double, bool, string (timestamps as their microseconds), or null.</summary>
    public object? Value(int row) => _column.IsNull(row) ? null : _longs is { } l ? l[row] : _doubles is { } d ? d[row] : _column.GetValue(row) switch
    {
        null => null,
        bool b => b,
        int i => (long)i,
        string s => s,
        var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Row <paramref name="row"/> of <paramref name="readers"/> as checkpointable values (<see cref="Value"/>), one per reader.</summary>
    public static object?[] Values(ColumnReader[] readers, int row)
    {
        var values = new object?[readers.Length];
        for (var c = 0; c < readers.Length; c++)
        {
            values[c] = readers[c].Value(row);
        }

        return values;
    }
}
