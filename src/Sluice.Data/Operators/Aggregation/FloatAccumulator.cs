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
        Ensure(ref _sum, groupCount, 0.0);
        Ensure(ref _mean, groupCount, 0.0);
        Ensure(ref _m2, groupCount, 0.0);
        Ensure(ref _counts, groupCount, 0L);
        var c = (PrimitiveColumn<double>)column!;
        var values = c.Values;
        for (var i = 0; i < groups.Length; i++)
        {
            if (c.IsNull(i))
            {
                continue;
            }

            var g = groups[i];
            var x = values[i];
            var n = ++_counts[g];
            _sum[g] += x;
            var delta = x - _mean[g];
            _mean[g] += delta / n;
            _m2[g] += delta * (x - _mean[g]);
        }
    }

    public override Column Finish(int groupCount)
    {
        Ensure(ref _sum, groupCount, 0.0);
        Ensure(ref _mean, groupCount, 0.0);
        Ensure(ref _m2, groupCount, 0.0);
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

            var variance = _m2[g] / (sample ? n - 1 : n);
            result[g] = kind switch
            {
                AggregateKind.Sum => _sum[g],
                AggregateKind.Mean => _mean[g],
                AggregateKind.VarPop or AggregateKind.VarSamp => variance,
                _ => Math.Sqrt(variance),
            };
        }

        return Build(DataType.Float64, result, isNull, groupCount);
    }
}
