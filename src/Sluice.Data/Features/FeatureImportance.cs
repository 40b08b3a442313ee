using Sluice.Data.Batches;
using Sluice.Data.Execution;

namespace Sluice.Data.Features;

/// <summary>
/// Scores numeric feature columns against a numeric (or boolean) target column, highest first. Correlation streams in one
/// pass; mutual information takes two (ranges, then a bins × bins histogram per feature). Formulas are on <see cref="ImportanceMethod"/>.
/// </summary>
public static class FeatureImportance
{
    /// <summary>Bins per axis for mutual information. 10.</summary>
    public const int MutualInformationBins = 10;

    /// <summary>Scores every numeric column of <paramref name="source"/> except <paramref name="target"/>, or only <paramref name="features"/> when given.</summary>
    /// <exception cref="DataException">The target (or a named feature) is not a numeric column of the data.</exception>
    public static async Task<IReadOnlyList<FeatureScore>> ComputeAsync(IBatchSource source, string target, ImportanceMethod method,
        IReadOnlyList<string>? features = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var schema = source.Schema;
        if (schema.IndexOf(target) is var t && (t < 0 || !Usable(schema[t])))
        {
            throw new DataException($"The target '{target}' must be a numeric or boolean column of the data.");
        }

        var names = features ?? [.. schema.Fields.Where(f => f.Name != target && Usable(f)).Select(static f => f.Name)];
        foreach (var n in names.Where(n => schema.IndexOf(n) < 0 || !Usable(schema[schema.IndexOf(n)])))
        {
            throw new DataException($"The feature '{n}' must be a numeric or boolean column of the data.");
        }

        var pairs = names.Select(static _ => new PairStats()).ToArray();
        await ForEachPairAsync(source, target, names, (i, x, y) => pairs[i].Add(x, y), cancellationToken).ConfigureAwait(false);
        if (method == ImportanceMethod.Correlation)
        {
            return Rank(names.Select((n, i) => new FeatureScore(n, pairs[i].AbsoluteCorrelation, pairs[i].N)));
        }

        var histograms = pairs.Select(static p => new long[MutualInformationBins, MutualInformationBins]).ToArray();
        await ForEachPairAsync(source, target, names, (i, x, y) => histograms[i][pairs[i].BinX(x), pairs[i].BinY(y)]++, cancellationToken).ConfigureAwait(false);
        return Rank(names.Select((n, i) => new FeatureScore(n, MutualInformation(histograms[i], pairs[i].N), pairs[i].N)));
    }

    private static bool Usable(Field f) => f.Type.IsNumeric || f.Type.Kind == TypeKind.Bool;

    private static List<FeatureScore> Rank(IEnumerable<FeatureScore> scores) =>
        [.. scores.OrderByDescending(static s => s.Score).ThenBy(static s => s.Feature, StringComparer.Ordinal)];

    private static async Task ForEachPairAsync(IBatchSource source, string target, IReadOnlyList<string> names, Action<int, double, double> add, CancellationToken cancellationToken)
    {
        await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                var y = batch.Column(target);
                for (var i = 0; i < names.Count; i++)
                {
                    var x = batch.Column(names[i]);
                    for (var r = 0; r < batch.RowCount; r++)
                    {
                        if (Cells.TryNumber(x, r, out var xv) && Cells.TryNumber(y, r, out var yv))
                        {
                            add(i, xv, yv);
                        }
                    }
                }
            }
        }
    }

    internal static double MutualInformation(long[,] joint, long n)
    {
        if (n == 0)
        {
            return 0;
        }

        var bins = joint.GetLength(0);
        var px = new double[bins];
        var py = new double[bins];
        for (var i = 0; i < bins; i++)
        {
            for (var j = 0; j < bins; j++)
            {
                px[i] += joint[i, j];
                py[j] += joint[i, j];
            }
        }

        double mi = 0;
        for (var i = 0; i < bins; i++)
        {
            for (var j = 0; j < bins; j++)
            {
                if (joint[i, j] > 0)
                {
                    var pxy = (double)joint[i, j] / n;
                    mi += pxy * Math.Log(pxy * n * n / (px[i] * py[j]));
                }
            }
        }

        return Math.Max(0, mi);
    }

    /// <summary>Running co-moments (Welford) and ranges of one (feature, target) pair.</summary>
    private sealed class PairStats
    {
        private double _meanX, _meanY, _m2X, _m2Y, _coMoment;
        private double _minX = double.PositiveInfinity, _maxX = double.NegativeInfinity, _minY = double.PositiveInfinity, _maxY = double.NegativeInfinity;

        public long N { get; private set; }

        public void Add(double x, double y)
        {
            N++;
            var dx = x - _meanX;
            _meanX += dx / N;
            var dy = y - _meanY;
            _meanY += dy / N;
            _m2X += dx * (x - _meanX);
            _m2Y += dy * (y - _meanY);
            _coMoment += dx * (y - _meanY);
            (_minX, _maxX, _minY, _maxY) = (Math.Min(_minX, x), Math.Max(_maxX, x), Math.Min(_minY, y), Math.Max(_maxY, y));
        }

        public double AbsoluteCorrelation => N < 2 || _m2X <= 0 || _m2Y <= 0 ? 0 : Math.Min(1, Math.Abs(_coMoment) / Math.Sqrt(_m2X * _m2Y));

        public int BinX(double x) => Bin(x, _minX, _maxX);

        public int BinY(double y) => Bin(y, _minY, _maxY);

        private static int Bin(double v, double min, double max) =>
            max > min ? Math.Min(MutualInformationBins - 1, (int)((v - min) / (max - min) * MutualInformationBins)) : 0;
    }
}
