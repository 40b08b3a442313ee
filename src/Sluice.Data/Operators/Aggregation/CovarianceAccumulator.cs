using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>
/// corr, covar_pop, covar_samp and regr_slope/intercept/r2 of (y, x) over the rows where both are non-null, from
/// running means and co-moments (Welford's update, the same numerics DuckDB uses).
/// </summary>
internal sealed class CovarianceAccumulator(AggregateKind kind) : Accumulator(DataType.Float64)
{
    private long[] _n = [];
    private double[] _meanX = [];
    private double[] _meanY = [];
    private double[] _m2X = [];
    private double[] _m2Y = [];
    private double[] _cxy = [];

    public override void Update(Column? column, ReadOnlySpan<int> groups, int groupCount) =>
        throw new InvalidOperationException("Covariances read two columns.");

    public override void Update(Column? column, Column? second, ReadOnlySpan<int> groups, int groupCount)
    {
        EnsureGroups(groupCount);
        var ys = column!;
        var xs = second!;
        for (var i = 0; i < groups.Length; i++)
        {
            if (ys.IsNull(i) || xs.IsNull(i))
            {
                continue;
            }

            var g = groups[i];
            var y = DoubleAt(ys, i);
            var x = DoubleAt(xs, i);
            var n = ++_n[g];
            var dx = x - _meanX[g];
            var dy = y - _meanY[g];
            _meanX[g] += dx / n;
            _meanY[g] += dy / n;
            _m2X[g] += dx * (x - _meanX[g]);
            _m2Y[g] += dy * (y - _meanY[g]);
            _cxy[g] += dx * (y - _meanY[g]);
        }
    }

    private void EnsureGroups(int groupCount)
    {
        Ensure(ref _n, groupCount, 0L);
        Ensure(ref _meanX, groupCount, 0.0);
        Ensure(ref _meanY, groupCount, 0.0);
        Ensure(ref _m2X, groupCount, 0.0);
        Ensure(ref _m2Y, groupCount, 0.0);
        Ensure(ref _cxy, groupCount, 0.0);
    }

    public override Column Finish(int groupCount)
    {
        EnsureGroups(groupCount);
        var result = new double[groupCount];
        var isNull = new bool[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            var n = _n[g];
            double? value = n == 0 ? null : kind switch
            {
                AggregateKind.CovarPop => _cxy[g] / n,
                AggregateKind.CovarSamp => n < 2 ? null : _cxy[g] / (n - 1),
                AggregateKind.Corr => _cxy[g] / Math.Sqrt(_m2X[g] * _m2Y[g]),
                AggregateKind.RegrSlope => _m2X[g] == 0 ? null : _cxy[g] / _m2X[g],
                AggregateKind.RegrIntercept => _m2X[g] == 0 ? null : _meanY[g] - (_cxy[g] / _m2X[g] * _meanX[g]),
                _ => _m2X[g] == 0 ? null : _m2Y[g] == 0 ? 1.0 : _cxy[g] * _cxy[g] / (_m2X[g] * _m2Y[g]),
            };
            isNull[g] = value is null;
            result[g] = value ?? 0;
        }

        return Build(DataType.Float64, result, isNull, groupCount);
    }
}
