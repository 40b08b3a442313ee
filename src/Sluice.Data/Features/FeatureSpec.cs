namespace Sluice.Data.Features;

/// <summary>
/// One feature transformation of a source column. Nulls in give nulls out (one-hot gives all zeros). Formulas:
/// <list type="bullet">
/// <item><c>one_hot</c>: for each of the <see cref="TopK"/> most frequent non-null values v (ties by value, ordinal) a column
/// <c>{col}_{v}</c> = 1 if x = v else 0; plus <c>{col}_{OtherLabel}</c> = 1 for any other non-null value.</item>
/// <item><c>standard_scale</c>: <c>{col}_scaled</c> = (x − μ) / σ with σ the population std √(Σ(x − μ)² / n)
/// (scikit-learn's StandardScaler); 0 when σ = 0.</item>
/// <item><c>min_max_scale</c>: <c>{col}_minmax</c> = (x − min) / (max − min); 0 when max = min.</item>
/// <item><c>bin</c>: <c>{col}_bin</c> = the 0-based bin of x. With <see cref="Edges"/> e₀ &lt; … &lt; eₖ: i where eᵢ ≤ x &lt; eᵢ₊₁,
/// the last bin closed; outside [e₀, eₖ] null. Otherwise <see cref="Bins"/> equal-width bins over [min, max]:
/// ⌊(x − min) / (max − min) · bins⌋ capped at bins − 1 (0 when max = min).</item>
/// <item><c>date_parts</c>: <c>{col}_{part}</c> for each of <see cref="Parts"/>; day_of_week is 0 = Monday … 6 = Sunday (pandas).</item>
/// <item><c>lag</c>: <c>{col}_lag{periods}</c> = the value <see cref="Periods"/> rows earlier among rows of the same
/// <see cref="Key"/> (input order); null for the first rows of each key.</item>
/// <item><c>rolling</c>: <c>{col}_rolling_{stat}_{window}</c> over the current row and the <see cref="Window"/> − 1 rows before it
/// of the same key; null until the window holds <see cref="Window"/> rows, or when any value in it is null (pandas'
/// default <c>min_periods = window</c>); std is the sample std (n − 1), as pandas.</item>
/// <item><c>frequency</c>: <c>{col}_freq</c> = count(x) / non-null rows.</item>
/// </list>
/// </summary>
public sealed record FeatureSpec
{
    /// <summary>The transformation.</summary>
    public required FeatureKind Kind { get; init; }

    /// <summary>The source column.</summary>
    public required string Column { get; init; }

    /// <summary>One-hot: how many frequent values get a column. The default is 10.</summary>
    public int TopK { get; init; } = 10;

    /// <summary>One-hot: the suffix of the column for all other values. The default is <c>other</c>.</summary>
    public string OtherLabel { get; init; } = "other";

    /// <summary>Bin: the number of equal-width bins when <see cref="Edges"/> is null. The default is 10.</summary>
    public int Bins { get; init; } = 10;

    /// <summary>Bin: explicit ascending edges, or null for equal-width bins.</summary>
    public IReadOnlyList<double>? Edges { get; init; }

    /// <summary>Date parts: which parts. The default is year, month, day, day_of_week.</summary>
    public IReadOnlyList<string> Parts { get; init; } = ["year", "month", "day", "day_of_week"];

    /// <summary>Lag and rolling: the column whose value groups rows (a customer id), or null for one group.</summary>
    public string? Key { get; init; }

    /// <summary>Lag: how many rows back. The default is 1.</summary>
    public int Periods { get; init; } = 1;

    /// <summary>Rolling: the window in rows. The default is 3.</summary>
    public int Window { get; init; } = 3;

    /// <summary>Rolling: mean, sum, min, max or std. The default is mean.</summary>
    public string Stat { get; init; } = "mean";

    /// <summary>Where the spec was written (such as <c>features[2].scale</c>), for locating its problems; null when built in code.</summary>
    public string? Origin { get; init; }

    /// <summary>The date parts <see cref="FeatureEngineer"/> knows.</summary>
    public static IReadOnlyList<string> KnownParts { get; } = ["year", "month", "day", "day_of_week", "day_of_year", "quarter", "hour", "is_weekend"];

    /// <summary>The rolling statistics <see cref="FeatureEngineer"/> knows.</summary>
    public static IReadOnlyList<string> KnownStats { get; } = ["mean", "sum", "min", "max", "std"];
}
