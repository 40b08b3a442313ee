using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Features;

/// <summary>Standard scaling, min-max scaling and binning: one pass of running statistics, then a per-row formula.</summary>
internal sealed class ScalingStep(FeatureSpec spec) : FeatureStep(spec)
{
    private long _n;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public override bool NeedsFit => Spec.Kind != FeatureKind.Bin || Spec.Edges is null;

    public override IReadOnlyList<Field> Fields => Spec.Kind switch
    {
        FeatureKind.StandardScale => [new Field($"{Spec.Column}_scaled", DataType.Float64)],
        FeatureKind.MinMaxScale => [new Field($"{Spec.Column}_minmax", DataType.Float64)],
        _ => [new Field($"{Spec.Column}_bin", DataType.Int64)],
    };

    public override void Fit(Column column)
    {
        for (var r = 0; r < column.Length; r++)
        {
            if (Cells.TryNumber(column, r, out var x))
            {
                _n++;
                var delta = x - _mean;
                _mean += delta / _n;
                _m2 += delta * (x - _mean);
                _min = Math.Min(_min, x);
                _max = Math.Max(_max, x);
            }
        }
    }

    public override void Transform(Column column, Column? key, List<Column> output)
    {
        var std = _n == 0 ? 0 : Math.Sqrt(Math.Max(0, _m2) / _n);
        var range = _max - _min;
        output.Add(Spec.Kind switch
        {
            FeatureKind.StandardScale => Doubles(column.Length, r => Cells.TryNumber(column, r, out var x) ? (std > 0 ? (x - _mean) / std : 0) : null),
            FeatureKind.MinMaxScale => Doubles(column.Length, r => Cells.TryNumber(column, r, out var x) ? (range > 0 ? (x - _min) / range : 0) : null),
            _ => Longs(column.Length, r => Cells.TryNumber(column, r, out var x) ? Bin(x, range) : null),
        });
    }

    private long? Bin(double x, double range)
    {
        if (Spec.Edges is { } edges)
        {
            if (x < edges[0] || x > edges[^1])
            {
                return null;
            }

            for (var i = 1; i < edges.Count; i++)
            {
                if (x < edges[i])
                {
                    return i - 1;
                }
            }

            return edges.Count - 2;
        }

        return range > 0 ? Math.Min(Spec.Bins - 1, (long)Math.Floor((x - _min) / range * Spec.Bins)) : 0;
    }
}
