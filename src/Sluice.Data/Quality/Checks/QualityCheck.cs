namespace Sluice.Data.Quality.Checks;

/// <summary>
/// One parsed data-quality check. Outcome rules (see <c>CheckEvaluator</c>): the check fails when
/// <see cref="FailWhen"/> holds or <see cref="PassWhen"/> does not; otherwise it warns when <see cref="WarnWhen"/>
/// holds; otherwise it passes.
/// </summary>
public sealed record QualityCheck
{
    /// <summary>The check text as written.</summary>
    public required string Text { get; init; }

    /// <summary>Where the check starts.</summary>
    public required TextPosition Position { get; init; }

    /// <summary>The metric.</summary>
    public required MetricKind Metric { get; init; }

    /// <summary>The metric's columns (empty for <c>row_count</c> and expression checks).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>The inline condition (<c>missing_count(c) = 0</c>): the check fails when it does not hold.</summary>
    public Threshold? PassWhen { get; init; }

    /// <summary>The <c>warn when …</c> condition.</summary>
    public Threshold? WarnWhen { get; init; }

    /// <summary>The <c>fail when …</c> condition.</summary>
    public Threshold? FailWhen { get; init; }

    /// <summary>The validity rules of invalid_count/invalid_percent checks.</summary>
    public ValidityRules? Validity { get; init; }

    /// <summary>The referenced data set of a reference check.</summary>
    public ReferenceTarget? Reference { get; init; }

    /// <summary>The boolean expression of an expression check, as text (evaluated by the expression engine).</summary>
    public string? Expression { get; init; }

    /// <summary>Where <see cref="Expression"/> starts.</summary>
    public TextPosition ExpressionPosition { get; init; }
}
