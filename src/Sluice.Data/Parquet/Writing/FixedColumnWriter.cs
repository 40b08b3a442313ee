using System.Numerics;
using System.Runtime.InteropServices;
using Sluice.Data.Columns;
using Sluice.Data.Parquet.Format;

namespace Sluice.Data.Parquet.Writing;

/// <summary>
/// PLAIN-encodes a fixed-width column (INT32, INT64, DOUBLE) and keeps min/max by signed numeric order. Floating point
/// statistics follow the format's rules: NaN is counted, never a bound, and a zero bound is written as -0.0 (min) or +0.0 (max).
/// </summary>
internal sealed class FixedColumnWriter<T> : ColumnWriter
    where T : unmanaged, INumber<T>
{
    private T _min;
    private T _max;
    private bool _any;
    private long _nanCount;

    public FixedColumnWriter(string name, PhysicalKind kind, ParquetWriteOptions options)
        : base(name, kind, options)
    {
    }

    protected override void WriteValues(Column column, int start, int count)
    {
        var values = ((PrimitiveColumn<T>)column).Values.Slice(start, count);
        if (column.Validity is null)
        {
            Values.WriteValues(values);
            foreach (var v in values)
            {
                Observe(v);
            }

            return;
        }

        var validity = column.Validity;
        for (var i = 0; i < values.Length; i++)
        {
            if (validity.IsValid(start + i))
            {
                var v = values[i];
                Values.WriteValues(MemoryMarshal.CreateReadOnlySpan(ref v, 1));
                Observe(v);
            }
        }
    }

    private void Observe(T v)
    {
        if (T.IsNaN(v))
        {
            _nanCount++;
            return;
        }

        if (!_any)
        {
            _min = v;
            _max = v;
            _any = true;
        }
        else if (v < _min)
        {
            _min = v;
        }
        else if (v > _max)
        {
            _max = v;
        }
    }

    protected override Statistics BuildStatistics()
    {
        var stats = new Statistics();
        var isFloat = typeof(T) == typeof(double);
        if (isFloat)
        {
            stats.NanCount = _nanCount;
        }

        if (_any)
        {
            var min = _min;
            var max = _max;
            if (isFloat && T.IsZero(min))
            {
                min = T.CreateTruncating(-0.0);
            }

            if (isFloat && T.IsZero(max))
            {
                max = T.Zero;
            }

            stats.MinValue = MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref min, 1)).ToArray();
            stats.MaxValue = MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref max, 1)).ToArray();
        }

        return stats;
    }

    protected override void ResetChunkState()
    {
        _any = false;
        _nanCount = 0;
    }
}
