namespace Sluice.Data.Features;

/// <summary>The feature transformations of <see cref="FeatureEngineer"/>. Formulas are on <see cref="FeatureSpec"/>.</summary>
public enum FeatureKind
{
    /// <summary><c>one_hot</c>: a 0/1 column per frequent value (top k), plus one for every other value.</summary>
    OneHot,

    /// <summary><c>standard_scale</c>: (x − mean) / population std.</summary>
    StandardScale,

    /// <summary><c>min_max_scale</c>: (x − min) / (max − min).</summary>
    MinMaxScale,

    /// <summary><c>bin</c>: the index of x's bin (equal width over [min, max], or explicit edges).</summary>
    Bin,

    /// <summary><c>date_parts</c>: year, month, day, day_of_week, day_of_year, quarter, hour, is_weekend.</summary>
    DateParts,

    /// <summary><c>lag</c>: the value <c>periods</c> rows earlier (per key).</summary>
    Lag,

    /// <summary><c>rolling</c>: mean, sum, min, max or std over the last <c>window</c> rows (per key).</summary>
    Rolling,

    /// <summary><c>frequency</c>: the share of non-null rows holding the same value.</summary>
    Frequency,
}
