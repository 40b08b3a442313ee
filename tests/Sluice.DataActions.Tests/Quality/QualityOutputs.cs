using Sluice.Execution;

namespace Sluice.DataActions.Tests.Quality;

/// <summary>Reads analyze_data_quality outputs from a run outcome.</summary>
internal sealed class QualityOutputs(RunOutcome outcome, string task)
{
    private readonly IReadOnlyDictionary<string, object?> _outputs = (IReadOnlyDictionary<string, object?>)outcome.Outputs[task]!;

    public IReadOnlyDictionary<string, object?> Scores => (IReadOnlyDictionary<string, object?>)_outputs["quality_scores"]!;

    /// <summary>Per check: (value, outcome), in the order the checks are written.</summary>
    public IReadOnlyList<(object? Value, string Outcome)> Checks =>
        [.. Maps(((IReadOnlyDictionary<string, object?>)_outputs["quality_report"]!)["checks"]).Select(static c => (c["value"], (string)c["outcome"]!))];

    public IReadOnlyList<string> Messages =>
        [.. Maps(((IReadOnlyDictionary<string, object?>)_outputs["quality_report"]!)["checks"]).Select(static c => (string)c["message"]!)];

    /// <summary>Failing-row samples as (check, row, column, value).</summary>
    public IReadOnlyList<(string Check, long Row, string Column, string? Value)> FailingRows =>
        [.. Maps(_outputs["failing_rows"]).Select(static f => ((string)f["check"]!, Convert.ToInt64(f["row"], System.Globalization.CultureInfo.InvariantCulture), (string)f["column"]!, (string?)f["value"]))];

    public IReadOnlyList<string> Recommendations => [.. ((IEnumerable<object?>)_outputs["recommendations"]!).Cast<string>()];

    private static IEnumerable<IReadOnlyDictionary<string, object?>> Maps(object? list) =>
        ((IEnumerable<object?>)list!).Cast<IReadOnlyDictionary<string, object?>>();
}
