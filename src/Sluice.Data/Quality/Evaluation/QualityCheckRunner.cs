using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Metrics;

namespace Sluice.Data.Quality.Evaluation;

/// <summary>Streams batches through a set of checks and evaluates them at the end.</summary>
/// <example>
/// <code>
/// var runner = new QualityCheckRunner(checks, new MetricContext { Time = clock });
/// await foreach (var batch in batches) runner.Accumulate(batch);
/// var results = runner.Evaluate();
/// </code>
/// </example>
public sealed class QualityCheckRunner
{
    private readonly MetricAccumulator[] _accumulators;

    /// <summary>Creates a runner with one accumulator per check.</summary>
    /// <param name="checks">Parsed checks.</param>
    /// <param name="context">Clock, reference keys and expression evaluator; null for defaults.</param>
    public QualityCheckRunner(IEnumerable<QualityCheck> checks, MetricContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        _accumulators = checks.Select(check => MetricAccumulator.Create(check, context)).ToArray();
    }

    /// <summary>The accumulators, one per check in order.</summary>
    internal IReadOnlyList<MetricAccumulator> Accumulators => _accumulators;

    /// <summary>Adds one batch to every check.</summary>
    public void Accumulate(ITableView batch)
    {
        foreach (var accumulator in _accumulators)
        {
            accumulator.Accumulate(batch);
        }
    }

    /// <summary>Evaluates every check over the batches so far, in the order given.</summary>
    public IReadOnlyList<CheckResult> Evaluate() =>
        _accumulators.Select(a => CheckEvaluator.Evaluate(a.Check, a.Result)).ToArray();
}
