using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Streaming.Time;

/// <summary>Reads event times in epoch milliseconds from a timestamp (microseconds) or integer (milliseconds) column.</summary>
internal readonly struct EventTimeReader(Column column)
{
    private readonly PrimitiveColumn<long> _column = (PrimitiveColumn<long>)column;
    private readonly bool _micros = column.Type.Kind == TypeKind.Timestamp;

    /// <summary>True when the column can hold event times.</summary>
    public static bool Accepts(DataType type) => type.Kind is TypeKind.Timestamp or TypeKind.Int64;

    /// <summary>The row's event time, or false when it is null.</summary>
    public bool TryGet(int row, out long millis)
    {
        if (_column.IsNull(row))
        {
            millis = 0;
            return false;
        }

        var v = _column.Values[row];
        // Floor, not truncation: an event at -0.5 ms belongs to the millisecond before zero.
        millis = _micros ? Math.DivRem(v, 1000, out var rem) - (rem < 0 ? 1 : 0) : v;
        return true;
    }
}
