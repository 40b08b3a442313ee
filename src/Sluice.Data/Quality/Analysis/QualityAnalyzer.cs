using System.Globalization;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Evaluation;
using Sluice.Data.Quality.Metrics;
using Sluice.Data.Quality.Scoring;
using Sluice.Data.Quarantine;

namespace Sluice.Data.Quality.Analysis;

/// <summary>
/// Streams a data set through quality checks and turns the results into a <see cref="QualityReport"/>: dimension scores,
/// gate verdicts, failing-row samples (missing, invalid, reference and expression checks; capped) with an optional full
/// quarantine, and rule-based recommendations. Memory is bounded by the batch size and the metrics' own state (distinct keys for
/// duplicate/reference checks).
/// </summary>
public sealed class QualityAnalyzer
{
    private readonly IReadOnlyList<QualityCheck> _checks;
    private readonly QualityAnalyzerOptions _options;
    private readonly QualityCheckRunner _runner;
    private readonly (QualityCheck Check, ValidityMatcher? Matcher, int Kept)[] _rowChecks;
    private readonly (MetricAccumulator Accumulator, int Kept)[] _rowSources;
    private readonly List<FailingRow> _samples = [];
    private long _rows;

    /// <summary>Creates an analyzer for parsed <paramref name="checks"/>.</summary>
    public QualityAnalyzer(IReadOnlyList<QualityCheck> checks, QualityAnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        _checks = checks;
        _options = options ?? new QualityAnalyzerOptions();
        _runner = new QualityCheckRunner(checks, _options.Context);
        _rowChecks = [.. checks
            .Where(static c => c.Metric is MetricKind.MissingCount or MetricKind.MissingPercent or MetricKind.InvalidCount or MetricKind.InvalidPercent)
            .Select(static c => (c, c.Validity is { } v ? new ValidityMatcher(v) : null, 0))];
        _rowSources = [.. _runner.Accumulators.Where(static a => a is IFailingRowSource).Select(static a => (a, 0))];
    }

    /// <summary>Adds one batch (the caller keeps ownership).</summary>
    public void Add(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var view = new RecordBatchView(batch);
        _runner.Accumulate(view);
        for (var i = 0; i < _rowChecks.Length; i++)
        {
            var (check, matcher, kept) = _rowChecks[i];
            if (!view.TryGetColumn(check.Columns[0], out var column))
            {
                continue;
            }

            for (var row = 0; row < batch.RowCount; row++)
            {
                var fails = matcher is null ? column.IsNull(row) : !column.IsNull(row) && !IsValid(matcher, column, row);
                if (!fails)
                {
                    continue;
                }

                var value = column.IsNull(row) ? null : column.Kind == ColumnKind.Text ? column.GetString(row) : Convert.ToString(batch.Column(check.Columns[0]).GetValue(row), CultureInfo.InvariantCulture);
                if (kept < _options.MaxFailingRowSamples)
                {
                    _samples.Add(new FailingRow(check.Text, _rows + row, check.Columns[0], value));
                    kept++;
                }

                _options.Quarantine?.Add(new QuarantineRecord(_options.SourceName, _rows + row + 1, $"fails '{check.Text}'", $"{check.Columns[0]}={value ?? "null"}"));
            }

            _rowChecks[i].Kept = kept;
        }

        SampleRowSources(batch, view);
        _rows += batch.RowCount;
    }

    /// <summary>Evaluates every check, scores, gates and recommendations over the batches so far.</summary>
    public QualityReport Complete()
    {
        var results = _runner.Evaluate();
        var scores = QualityScorer.Score([.. results], _options.Weights);
        var report = new QualityReport { Rows = _rows, Results = results, Scores = scores, FailingRows = [.. _samples] };
        var gates = _options.Gates.Select(g => report.Score(g.Metric) is { } s ? new GateResult(g, s, s >= g.Min) : new GateResult(g, null, true)).ToList();
        return report with { Gates = gates, Recommendations = Recommendations.For(results, report) };
    }

    /// <summary>Reads <paramref name="source"/> to the end and analyzes it.</summary>
    public static async Task<QualityReport> AnalyzeAsync(IBatchSource source, IReadOnlyList<QualityCheck> checks, QualityAnalyzerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var analyzer = new QualityAnalyzer(checks, options);
        await foreach (var batch in source.ReadAsync(null, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                analyzer.Add(batch);
            }
        }

        return analyzer.Complete();
    }

    /// <summary>The checks, in order.</summary>
    public IReadOnlyList<QualityCheck> Checks => _checks;

    /// <summary>Failing rows of reference and expression checks, described by their key columns or the columns the expression reads.</summary>
    private void SampleRowSources(RecordBatch batch, RecordBatchView view)
    {
        for (var i = 0; i < _rowSources.Length; i++)
        {
            var (accumulator, kept) = _rowSources[i];
            var source = (IFailingRowSource)accumulator;
            if (accumulator.Failed || source.LastFailures.IsEmpty || (kept >= _options.MaxFailingRowSamples && _options.Quarantine is null))
            {
                continue;
            }

            var columns = source.FailureColumns;
            var label = string.Join(", ", columns);
            foreach (var row in source.LastFailures)
            {
                if (kept >= _options.MaxFailingRowSamples && _options.Quarantine is null)
                {
                    break;
                }

                var values = columns.Select(c => ValueText(batch, view, c, row)).ToList();
                if (kept < _options.MaxFailingRowSamples)
                {
                    var value = values.Count == 1 ? values[0] : string.Join(", ", values.Select(static v => v ?? "null"));
                    _samples.Add(new FailingRow(accumulator.Check.Text, _rows + row, label, value));
                    kept++;
                }

                _options.Quarantine?.Add(new QuarantineRecord(_options.SourceName, _rows + row + 1, $"fails '{accumulator.Check.Text}'",
                    string.Join(", ", columns.Select((c, k) => $"{c}={values[k] ?? "null"}"))));
            }

            _rowSources[i].Kept = kept;
        }
    }

    private static string? ValueText(RecordBatch batch, RecordBatchView view, string name, int row)
    {
        if (!view.TryGetColumn(name, out var column) || column.IsNull(row))
        {
            return null;
        }

        return column.Kind == ColumnKind.Text ? column.GetString(row) : Convert.ToString(batch.Column(name).GetValue(row), CultureInfo.InvariantCulture);
    }

    private static bool IsValid(ValidityMatcher matcher, IColumnView column, int row)
    {
        try
        {
            return matcher.IsValid(column, row);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
