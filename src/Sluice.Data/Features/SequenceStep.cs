using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Features;

/// <summary>Lag and rolling statistics per key, in input order. Keeps the last max(periods, window) values of each key.</summary>
internal sealed class SequenceStep(FeatureSpec spec) : FeatureStep(spec)
{
    private readonly Dictionary<string, History> _histories = new(StringComparer.Ordinal);
    private readonly History _single = new(Math.Max(spec.Periods, spec.Window));
    private char[] _keyBuffer = new char[64];

    public override IReadOnlyList<Field> Fields => Spec.Kind == FeatureKind.Lag
        ? [new Field($"{Spec.Column}_lag{Spec.Periods}", DataType.Float64)]
        : [new Field($"{Spec.Column}_rolling_{Spec.Stat}_{Spec.Window}", DataType.Float64)];

    public override void Transform(Column column, Column? key, List<Column> output)
    {
        var lookup = _histories.GetAlternateLookup<ReadOnlySpan<char>>();
        output.Add(Doubles(column.Length, r =>
        {
            History history;
            if (key is null)
            {
                history = _single;
            }
            else
            {
                // A null key is its own group, like pandas' groupby(dropna=False).
                var k = key.IsNull(r) ? "\0null" : Cells.Text(key, r, ref _keyBuffer);
                if (!lookup.TryGetValue(k, out history!))
                {
                    history = new History(Math.Max(Spec.Periods, Spec.Window));
                    lookup[k] = history;
                }
            }

            history.Push(Cells.TryNumber(column, r, out var x) ? x : double.NaN);
            var result = Spec.Kind == FeatureKind.Lag ? history.Back(Spec.Periods) : history.Rolling(Spec.Window, Spec.Stat);
            return double.IsNaN(result) ? null : result;
        }));
    }

    /// <summary>A ring of the last values of one key; NaN marks a null.</summary>
    private sealed class History(int capacity)
    {
        private readonly double[] _ring = new double[capacity + 1];
        private long _count;

        public void Push(double x)
        {
            _ring[_count % _ring.Length] = x;
            _count++;
        }

        /// <summary>The value <paramref name="k"/> pushes before the latest, or NaN.</summary>
        public double Back(int k) => _count > k ? _ring[(_count - 1 - k) % _ring.Length] : double.NaN;

        public double Rolling(int window, string stat)
        {
            if (_count < window)
            {
                return double.NaN;
            }

            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < window; i++)
            {
                var x = Back(i);
                if (double.IsNaN(x))
                {
                    return double.NaN;
                }

                (sum, min, max) = (sum + x, Math.Min(min, x), Math.Max(max, x));
            }

            var mean = sum / window;
            switch (stat)
            {
                case "sum": return sum;
                case "min": return min;
                case "max": return max;
                case "mean": return mean;
                default:
                    if (window < 2)
                    {
                        return double.NaN;
                    }

                    double ss = 0;
                    for (var i = 0; i < window; i++)
                    {
                        ss += (Back(i) - mean) * (Back(i) - mean);
                    }

                    return Math.Sqrt(ss / (window - 1));
            }
        }
    }
}
