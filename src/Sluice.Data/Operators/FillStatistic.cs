using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators;

/// <summary>
/// The mean, median or mode of one column, accumulated batch by batch so the batches themselves can spill.
/// The mean keeps a sum and a count. An exact median keeps every non-null value (8 bytes each, in one growing array
/// that is counted against the budget but cannot spill). The mode keeps a count per distinct value.
/// </summary>
internal sealed class FillStatistic : IDisposable
{
    private readonly FillStrategy _strategy;
    private readonly DataType _type;
    private readonly int _index;
    private readonly MemoryBudget _budget;
    private readonly KeyMapper? _mapper;
    private long _count;
    private Int128 _sum;
    private double _floatSum;
    private long[] _longs = [];
    private double[] _doubles = [];
    private long _reserved;
    private long[] _modeCounts = [];

    public FillStatistic(FillStrategy strategy, Schema schema, int index, MemoryBudget budget)
    {
        _strategy = strategy;
        _type = schema[index].Type;
        _index = index;
        _budget = budget;
        if (strategy.Kind == FillKind.Mode)
        {
            _mapper = new KeyMapper(schema, [schema[index].Name]);
        }
    }

    /// <summary>Adds the values of a batch (the caller keeps it).</summary>
    public void Add(RecordBatch batch)
    {
        var column = batch.Column(_index);
        if (_mapper is not null)
        {
            AddMode(batch, column);
        }
        else if (column is PrimitiveColumn<double> d)
        {
            AddFloats(d);
        }
        else if (column is PrimitiveColumn<int> days)
        {
            AddIntegers(days.Values, column.Validity);
        }
        else
        {
            AddIntegers(((PrimitiveColumn<long>)column).Values, column.Validity);
        }
    }

    /// <summary>The statistic, boxed as the column's value type; null when there was no value.</summary>
    public object? Result()
    {
        if (_mapper is not null)
        {
            return Mode();
        }

        if (_count == 0)
        {
            return null;
        }

        if (_type.Kind == TypeKind.Float64)
        {
            if (_strategy.Kind == FillKind.Mean)
            {
                return _floatSum / _count;
            }

            var (a, b) = Selection.Middle(_doubles.AsSpan(0, (int)_count));
            return (a + b) / 2;
        }

        long result;
        if (_strategy.Kind == FillKind.Mean)
        {
            result = (long)RoundedDiv(_sum, _count);
        }
        else
        {
            var (a, b) = Selection.Middle(_longs.AsSpan(0, (int)_count));
            result = Selection.MedianOf(a, b, _strategy.Rounding);
        }

        return _type.Kind switch
        {
            TypeKind.Decimal => new decimal(result) / Pow10.Decimal(_type.Scale),
            TypeKind.Date => DateOnly.FromDayNumber(Temporal.EpochDayNumber + (int)result),
            TypeKind.Timestamp => Temporal.ToDateTime(result),
            _ => result,
        };
    }

    /// <summary>Drops the kept values and returns their reservation.</summary>
    public void Dispose()
    {
        _budget.Release(_reserved);
        _reserved = 0;
        _longs = [];
        _doubles = [];
    }

    private void AddIntegers<T>(ReadOnlySpan<T> values, ValidityMask? validity)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var median = _strategy.Kind == FillKind.Median;
        if (median)
        {
            _longs = Ensure(_longs, _count + values.Length);
        }

        var at = _count;
        Int128 sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (validity is not null && !validity.IsValid(i))
            {
                continue;
            }

            var v = long.CreateTruncating(values[i]);
            if (median)
            {
                _longs[at] = v;
            }

            sum += v;
            at++;
        }

        _sum += sum;
        _count = at;
    }

    private void AddFloats(PrimitiveColumn<double> column)
    {
        var median = _strategy.Kind == FillKind.Median;
        var values = column.Values;
        if (median)
        {
            _doubles = Ensure(_doubles, _count + values.Length);
        }

        var at = _count;
        for (var i = 0; i < values.Length; i++)
        {
            if (!column.IsNull(i))
            {
                if (median)
                {
                    _doubles[at] = values[i];
                }

                // Summed in input order, one value at a time, like Enumerable.Average.
                _floatSum += values[i];
                at++;
            }
        }

        _count = at;
    }

    /// <summary>Grows the value buffer by doubling. Plain arrays, not pooled: the pool would keep the big ones alive.</summary>
    private T[] Ensure<T>(T[] array, long needed)
        where T : unmanaged
    {
        if (needed <= array.Length)
        {
            return array;
        }

        if (needed > Array.MaxLength)
        {
            throw new DataException($"An exact median holds at most {Array.MaxLength} values.");
        }

        var size = (int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(1024L, array.Length * 2L)));
        var bigger = GC.AllocateUninitializedArray<T>(size);
        array.AsSpan(0, (int)_count).CopyTo(bigger);
        var bytes = (long)size * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        _budget.Reserve(bytes - _reserved);
        _reserved = bytes;
        return bigger;
    }

    private void AddMode(RecordBatch batch, Column column)
    {
        var ids = Buffers.Rent<int>(batch.RowCount);
        try
        {
            _mapper!.GetOrAdd(batch, ids);
            if (_modeCounts.Length < _mapper.Count)
            {
                Array.Resize(ref _modeCounts, Math.Max(_mapper.Count, _modeCounts.Length * 2));
            }

            for (var i = 0; i < batch.RowCount; i++)
            {
                _modeCounts[ids[i]] += column.IsNull(i) ? 0 : 1;
            }
        }
        finally
        {
            Buffers.Return(ids);
        }
    }

    private object? Mode()
    {
        using var keys = _mapper!.DecodeKeys()[0];
        var best = -1;
        for (var id = 0; id < _mapper.Count; id++)
        {
            var n = _modeCounts[id];
            if (n > 0 && (best < 0 || n > _modeCounts[best] || (n == _modeCounts[best] && ValueComparer.Compare(keys, id, keys, best) < 0)))
            {
                best = id;
            }
        }

        return best < 0 ? null : keys.GetValue(best);
    }

    /// <summary>Rounds sum / count half away from zero.</summary>
    private static Int128 RoundedDiv(Int128 sum, long count)
    {
        var q = Int128.DivRem((Int128.Abs(sum) * 2) + count, (Int128)count * 2).Quotient;
        return sum < 0 ? -q : q;
    }
}
