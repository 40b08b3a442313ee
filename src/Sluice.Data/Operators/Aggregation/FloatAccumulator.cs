using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>Sum, mean, variance and standard deviation of float64 input (Welford's running mean and M2).</summary>
internal sealed class FloatAccumulator(AggregateKind kind) : Accumulator(DataType.Float64)
{
    private double[] _sum = [];
    private double[] _mean = [];
    private double[] _m2 = [];
    private long[] _counts = [];

    public override void Update(Column? column, ReadOnlySpan<int> groups, int groupCount)
    {
        Ensure(ref _counts, groupCount, 0L);
        var c = (PrimitiveColumn<double>)column!;
        var values = c.Values;
        var hasNulls = c.NullCount > 0;
        if (kind == AggregateKind.Sum)
        {
            // A sum needs neither the running mean nor M2: half the state and a third of the work per row.
            Ensure(ref _sum, groupCount, 0.0);
            var sum = _sum;
            var counts = _counts;
            for (var i = 0; i < groups.Length; i++)
            {
                if (hasNulls && c.IsNull(i))
                {
                    continue;
                }

                var g = groups[i];
                counts[g]++;
                sum[g] += values[i];
            }

            return;
        }

        Ensure(ref _mean, groupCount, 0.0);
        var spread = kind != AggregateKind.Mean;
        if (spread)
        {
            Ensure(ref _m2, groupCount, 0.0);
        }

        for (var i = 0; i < groups.Length; i++)
        {
            if (hasNulls && c.IsNull(i))
            {
                continue;
            }

            var g = groups[i];
            var x = values[i];
            var n = ++_counts[g];
            var delta = x - _mean[g];
            _mean[g] += delta / n;
            if (spread)
            {
                _m2[g] += delta * (x - _mean[g]);
            }
        }
    }

    public override Column Finish(int groupCount)
    {
        Ensure(ref _sum, kind == AggregateKind.Sum ? groupCount : 0, 0.0);
        Ensure(ref _mean, kind == AggregateKind.Sum ? 0 : groupCount, 0.0);
        Ensure(ref _m2, kind is AggregateKind.Sum or AggregateKind.Mean ? 0 : groupCount, 0.0);
        Ensure(ref _counts, groupCount, 0L);
        var result = new double[groupCount];
        var isNull = new bool[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            var n = _counts[g];
            var sample = kind is AggregateKind.VarSamp or AggregateKind.StdSamp;
            isNull[g] = n == 0 || (sample && n < 2);
            if (isNull[g])
            {
                continue;
            }

            result[g] = kind switch
            {
                AggregateKind.Sum => _sum[g],
                AggregateKind.Mean => _mean[g],
                AggregateKind.VarPop or AggregateKind.VarSamp => _m2[g] / (sample ? n - 1 : n),
                _ => Math.Sqrt(_m2[g] / (sample ? n - 1 : n)),
            };
        }

        return Build(DataType.Float64, result, isNull, groupCount);
    }
}
