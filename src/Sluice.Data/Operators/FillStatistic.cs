using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators;

/// <summary>
/// The mean, median or mode of one column, accumulated batch by batch so the batches themselves can spill.
/// The mean keeps a sum and a count. An exact median keeps every non-null value (8 bytes each) in a
/// <see cref="MedianSelector"/>, in memory while the budget allows and spilled beyond it. The mode keeps a count per
/// distinct value.
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
    private readonly MedianSelector? _median;
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
        else if (strategy.Kind == FillKind.Median)
        {
            _median = new MedianSelector(budget);
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

            var (a, b) = _median!.MiddleFloats();
            return (a + b) / 2;
        }

        long result;
        if (_strategy.Kind == FillKind.Mean)
        {
            result = (long)RoundedDiv(_sum, _count);
        }
        else
        {
            var (a, b) = _median!.MiddleIntegers();
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
    public void Dispose() => _median?.Dispose();

    private void AddIntegers<T>(ReadOnlySpan<T> values, ValidityMask? validity)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var median = _median;
        var at = _count;
        Int128 sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (validity is not null && !validity.IsValid(i))
            {
                continue;
            }

            var v = long.CreateTruncating(values[i]);
            median?.Add(v);

            sum += v;
            at++;
        }

        _sum += sum;
        _count = at;
    }

    private void AddFloats(PrimitiveColumn<double> column)
    {
        var median = _median;
        var values = column.Values;

        var at = _count;
        for (var i = 0; i < values.Length; i++)
        {
            if (!column.IsNull(i))
            {
                median?.Add(values[i]);

                // Summed in input order, one value at a time, like Enumerable.Average.
                _floatSum += values[i];
                at++;
            }
        }

        _count = at;
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
