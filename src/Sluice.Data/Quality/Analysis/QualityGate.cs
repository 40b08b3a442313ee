namespace Sluice.Data.Quality.Analysis;

/// <summary>A minimum score: <c>{metric: overall, min: 0.9, on_fail: fail_task}</c>.</summary>
/// <param name="Metric"><c>overall</c> or a dimension name (<c>completeness validity uniqueness consistency accuracy timeliness</c>).</param>
/// <param name="Min">The lowest acceptable score in [0, 1] (inclusive).</param>
/// <param name="Action">What happens when the score is below <paramref name="Min"/>. A metric nothing measured does not trip the gate.</param>
public sealed record QualityGate(string Metric, double Min, GateAction Action);
