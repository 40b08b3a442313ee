using Sluice.Data.Anomalies;

namespace Sluice.DataActions.Anomalies;

/// <summary>
/// Runs one method over the collected feature values. zscore and iqr test each column on its own (per group with
/// group_by) and flag a row when any column is flagged; its score is the largest column score. A null (or non-finite)
/// value is never flagged and scores nothing; a row with no value scores null.
/// <list type="bullet">
/// <item>zscore score: |x − μ| / σ (0 when σ = 0), flagged when |x − μ| &gt; threshold · σ.</item>
/// <item>iqr score: the distance outside [Q1, Q3] in IQRs, max(Q1 − x, x − Q3, 0) / IQR (the raw distance when IQR = 0),
/// flagged when x is outside [Q1 − k·IQR, Q3 + k·IQR].</item>
/// <item>isolation_forest score: −score_samples = 2^(−E[h(x)] / c(ψ)) in (0, 1], higher is more anomalous; flagged when
/// score_samples &lt; offset (offset −0.5 for contamination auto, else that quantile of the training scores). Rows with
/// any null feature are left out of the forest (not flagged, score null).</item>
/// </list>
/// </summary>
internal static partial class AnomalyScorer
{
    public static AnomalyResult Run(string method, AnomalySettings settings, FeatureValues values, CancellationToken cancellationToken) => method switch
    {
        "zscore" => ZScore(settings, values),
        "iqr" => Iqr(settings, values),
        _ => Forest(settings, values, cancellationToken),
    };

    private static AnomalyResult ZScore(AnomalySettings s, FeatureValues v)
    {
        var (flags, scores, tmp) = Buffers(v.Rows);
        var detector = new ZScoreDetector(s.Threshold, s.Std);
        var columns = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var c = 0; c < v.Columns.Count; c++)
        {
            var x = v.Column(c);
            var count = v.Groups is null ? detector.Detect(x, default, tmp) : detector.DetectByGroup(x, v.GroupIds, default, tmp);
            var (mean, sigma) = Moments(x, v.GroupIds, v.GroupCount, s.Std);
            for (var i = 0; i < x.Length; i++)
            {
                if (double.IsFinite(x[i]))
                {
                    var g = v.Groups is null ? 0 : v.Groups[i];
                    Merge(scores, i, sigma[g] > 0 ? Math.Abs(x[i] - mean[g]) / sigma[g] : 0);
                    flags[i] |= tmp[i];
                }
            }

            columns[v.Columns[c]] = v.Groups is null
                ? new Dictionary<string, object?> { ["mean"] = mean[0], ["std"] = sigma[0], ["lower"] = mean[0] - (s.Threshold * sigma[0]), ["upper"] = mean[0] + (s.Threshold * sigma[0]), ["anomalies"] = (long)count }
                : new Dictionary<string, object?> { ["anomalies"] = (long)count };
        }

        return new AnomalyResult(flags, scores, new Dictionary<string, object?>
        {
            ["threshold"] = s.Threshold,
            ["std"] = s.Std == StandardDeviationKind.Sample ? "sample" : "population",
            ["columns"] = columns,
        });
    }

    private static AnomalyResult Iqr(AnomalySettings s, FeatureValues v)
    {
        var (flags, scores, tmp) = Buffers(v.Rows);
        var detector = new IqrDetector(s.IqrK);
        var columns = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var c = 0; c < v.Columns.Count; c++)
        {
            var x = v.Column(c);
            var count = v.Groups is null ? detector.Detect(x, default, tmp) : detector.DetectByGroup(x, v.GroupIds, default, tmp);
            var fences = GroupFences(detector, x, v.GroupIds, v.GroupCount);
            for (var i = 0; i < x.Length; i++)
            {
                if (double.IsFinite(x[i]) && fences[v.Groups is null ? 0 : v.Groups[i]] is { } f)
                {
                    var distance = Math.Max(0, Math.Max(f.Q1 - x[i], x[i] - f.Q3));
                    Merge(scores, i, f.Iqr > 0 ? distance / f.Iqr : distance);
                    flags[i] |= tmp[i];
                }
            }

            columns[v.Columns[c]] = v.Groups is null && fences[0] is { } all
                ? new Dictionary<string, object?> { ["q1"] = all.Q1, ["q3"] = all.Q3, ["iqr"] = all.Iqr, ["lower"] = all.Lower, ["upper"] = all.Upper, ["anomalies"] = (long)count }
                : new Dictionary<string, object?> { ["anomalies"] = (long)count };
        }

        return new AnomalyResult(flags, scores, new Dictionary<string, object?> { ["iqr_k"] = s.IqrK, ["columns"] = columns });
    }

    private static AnomalyResult Forest(AnomalySettings s, FeatureValues v, CancellationToken cancellationToken)
    {
        var (flags, scores, _) = Buffers(v.Rows);
        var d = v.Columns.Count;
        var (matrix, complete) = CompleteRows(v);
        var stats = new Dictionary<string, object?>
        {
            ["n_estimators"] = (long)s.Estimators,
            ["contamination"] = s.Contamination.ToString(),
            ["seed"] = (long)s.Seed,
            ["rows_scored"] = (long)complete.Count,
        };
        if (complete.Count == 0)
        {
            return new AnomalyResult(flags, scores, stats);
        }

        var forest = new IsolationForest(ForestOptions(s)).Fit(matrix, d, cancellationToken);
        var raw = forest.ScoreSamples(matrix, d, cancellationToken);
        for (var j = 0; j < raw.Length; j++)
        {
            scores[complete[j]] = -raw[j];
            flags[complete[j]] = raw[j] < forest.Offset;
        }

        stats["max_samples"] = (long)forest.SampleSize;
        stats["offset"] = forest.Offset;
        stats["score_threshold"] = -forest.Offset;
        return new AnomalyResult(flags, scores, stats);
    }

    private static (bool[] Flags, double[] Scores, bool[] Tmp) Buffers(int rows)
    {
        var scores = new double[rows];
        Array.Fill(scores, double.NaN);
        return (new bool[rows], scores, new bool[rows]);
    }

    private static void Merge(double[] scores, int i, double score) =>
        scores[i] = double.IsNaN(scores[i]) ? score : Math.Max(scores[i], score);

    /// <summary>μ and σ per group, computed as <see cref="ZScoreDetector"/> does (two passes, nulls skipped).</summary>
    private static (double[] Mean, double[] Sigma) Moments(ReadOnlySpan<double> x, ReadOnlySpan<int> ids, int groups, StandardDeviationKind kind)
    {
        var n = new long[groups];
        var mean = new double[groups];
        var sigma = new double[groups];
        for (var i = 0; i < x.Length; i++)
        {
            if (double.IsFinite(x[i]))
            {
                var g = ids.IsEmpty ? 0 : ids[i];
                n[g]++;
                mean[g] += x[i];
            }
        }

        for (var g = 0; g < groups; g++)
        {
            mean[g] = n[g] == 0 ? 0 : mean[g] / n[g];
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (double.IsFinite(x[i]))
            {
                var g = ids.IsEmpty ? 0 : ids[i];
                sigma[g] += (x[i] - mean[g]) * (x[i] - mean[g]);
            }
        }

        var shift = kind == StandardDeviationKind.Sample ? 1 : 0;
        for (var g = 0; g < groups; g++)
        {
            sigma[g] = n[g] - shift > 0 ? Math.Sqrt(sigma[g] / (n[g] - shift)) : 0;
        }

        return (mean, sigma);
    }

    /// <summary>Tukey fences per group (null for a group with no value).</summary>
    private static TukeyFences?[] GroupFences(IqrDetector detector, ReadOnlySpan<double> x, ReadOnlySpan<int> ids, int groups)
    {
        if (ids.IsEmpty)
        {
            return [detector.ComputeFences(x)];
        }

        var members = new List<double>[groups];
        for (var g = 0; g < groups; g++)
        {
            members[g] = [];
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (double.IsFinite(x[i]))
            {
                members[ids[i]].Add(x[i]);
            }
        }

        return [.. members.Select(m => detector.ComputeFences(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(m)))];
    }
}
