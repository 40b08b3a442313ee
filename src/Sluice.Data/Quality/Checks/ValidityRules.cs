using System.Text.RegularExpressions;

namespace Sluice.Data.Quality.Checks;

/// <summary>
/// The <c>valid …</c> clauses of an <c>invalid_count</c>/<c>invalid_percent</c> check. A non-null value is valid when it
/// satisfies every rule that is set.
/// </summary>
public sealed record ValidityRules
{
    /// <summary><c>valid regex '…'</c>: the text must contain a match (unanchored; write <c>^…$</c> for a full match).</summary>
    public Regex? Regex { get; init; }

    /// <summary><c>valid values ('a', 'b', 3)</c>: the value must be one of these (numbers compare numerically on number columns).</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary><c>valid min 0</c>: the number must be ≥ this (text is parsed as an invariant-culture number; unparsable text is invalid).</summary>
    public double? Min { get; init; }

    /// <summary><c>valid max 10</c>: the number must be ≤ this.</summary>
    public double? Max { get; init; }

    /// <summary>Minimum text length in UTF-16 code units, from <c>valid length …</c>.</summary>
    public int? MinLength { get; init; }

    /// <summary>Maximum text length in UTF-16 code units, from <c>valid length …</c>.</summary>
    public int? MaxLength { get; init; }

    /// <summary>True when no rule is set.</summary>
    public bool IsEmpty => Regex is null && Values is null && Min is null && Max is null && MinLength is null && MaxLength is null;
}
