using Sluice.Data.Anomalies;

namespace Sluice.DataActions.Anomalies;

/// <summary>Fitting an <see cref="AnomalyModel"/> and scoring with one (a <c>provider: local</c> model with a <c>path</c>).</summary>
internal static partial class AnomalyScorer
{
    /// <summary>Fits <paramref name="method"/> on all rows of <paramref name="v"/> (no groups).</summary>
    public static AnomalyModel Fit(string method, AnomalySettings s, FeatureValues v, CancellationToken cancellationToken)
    {
        var model = new AnomalyModel { Method = method, Columns = v.Columns, FittedRows = v.Rows };
        switch (method)
        {
            case "zscore":
                return model with
                {
                    ColumnStats = [.. Enumerable.Range(0, v.Columns.Count).Select(c =>
                    {
                        var (mean, sigma) = Moments(v.Column(c), default, 1, s.Std);
                        return (mean[0], sigma[0]);
                    })],
                };
            case "iqr":
                var detector = new IqrDetector(s.IqrK);
                return model with
                {
                    ColumnStats = [.. Enumerable.Range(0, v.Columns.Count).Select(c => detector.ComputeFences(v.Column(c)) is { } f ? (f.Q1, f.Q3) : (double.NaN, double.NaN))],
                };
            default:
                var (matrix, complete) = CompleteRows(v);
                if (complete.Count == 0)
                {
                    throw new Diagnostics.SluiceException($"no row has a value in every feature column ({string.Join(", ", v.Columns)}), so there is nothing to fit the isolation forest on");
                }

                var forest = new IsolationForest(ForestOptions(s)).Fit(matrix, v.Columns.Count, cancellationToken);
                return model with { Forest = forest.ToState() };
        }
    }

    /// <summary>Scores every row with a fitted model; thresholds (threshold, iqr_k) come from the task's settings.</summary>
    public static AnomalyResult Score(AnomalyModel model, AnomalySettings s, FeatureValues v, CancellationToken cancellationToken)
    {
        var (flags, scores, _) = Buffers(v.Rows);
        var stats = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (model.Forest is { } state)
        {
            var (matrix, complete) = CompleteRows(v);
            var forest = IsolationForest.FromState(state, ForestOptions(s));
            var raw = complete.Count == 0 ? [] : forest.ScoreSamples(matrix, v.Columns.Count, cancellationToken);
            for (var j = 0; j < raw.Length; j++)
            {
                scores[complete[j]] = -raw[j];
                flags[complete[j]] = raw[j] < forest.Offset;
            }

            stats["rows_scored"] = (long)complete.Count;
            stats["max_samples"] = (long)forest.SampleSize;
            stats["offset"] = forest.Offset;
            stats["score_threshold"] = -forest.Offset;
            return new AnomalyResult(flags, scores, stats);
        }

        var columns = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var c = 0; c < v.Columns.Count; c++)
        {
            var x = v.Column(c);
            var (a, b) = model.ColumnStats[c];
            long count = 0;
            for (var i = 0; i < x.Length; i++)
            {
                if (!double.IsFinite(x[i]) || double.IsNaN(a))
                {
                    continue;
                }

                bool flagged;
                if (model.Method == "zscore")
                {
                    Merge(scores, i, b > 0 ? Math.Abs(x[i] - a) / b : 0);
                    flagged = b > 0 && Math.Abs(x[i] - a) > s.Threshold * b;
                }
                else
                {
                    var iqr = b - a;
                    var distance = Math.Max(0, Math.Max(a - x[i], x[i] - b));
                    Merge(scores, i, iqr > 0 ? distance / iqr : distance);
                    flagged = x[i] < a - (s.IqrK * iqr) || x[i] > b + (s.IqrK * iqr);
                }

                flags[i] |= flagged;
                count += flagged ? 1 : 0;
            }

            columns[v.Columns[c]] = model.Method == "zscore"
                ? new Dictionary<string, object?> { ["mean"] = a, ["std"] = b, ["lower"] = a - (s.Threshold * b), ["upper"] = a + (s.Threshold * b), ["anomalies"] = count }
                : new Dictionary<string, object?> { ["q1"] = a, ["q3"] = b, ["iqr"] = b - a, ["lower"] = a - (s.IqrK * (b - a)), ["upper"] = b + (s.IqrK * (b - a)), ["anomalies"] = count };
        }

        stats[model.Method == "zscore" ? "threshold" : "iqr_k"] = model.Method == "zscore" ? s.Threshold : s.IqrK;
        stats["columns"] = columns;
        return new AnomalyResult(flags, scores, stats);
    }

    private static IsolationForestOptions ForestOptions(AnomalySettings s) => new()
    {
        EstimatorCount = s.Estimators,
        MaxSamples = s.MaxSamples,
        Contamination = s.Contamination,
        Seed = s.Seed,
    };

    /// <summary>The rows with a finite value in every column, row-major, and their indexes.</summary>
    private static (double[] Matrix, List<int> Rows) CompleteRows(FeatureValues v)
    {
        var d = v.Columns.Count;
        var complete = new List<int>(v.Rows);
        for (var i = 0; i < v.Rows; i++)
        {
            var ok = true;
            for (var c = 0; c < d && ok; c++)
            {
                ok = double.IsFinite(v.Values[c][i]);
            }

            if (ok)
            {
                complete.Add(i);
            }
        }

        var matrix = new double[complete.Count * d];
        for (var j = 0; j < complete.Count; j++)
        {
            for (var c = 0; c < d; c++)
            {
                matrix[(j * d) + c] = v.Values[c][complete[j]];
            }
        }

        return (matrix, complete);
    }
}
