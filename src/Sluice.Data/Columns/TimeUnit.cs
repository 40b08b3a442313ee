namespace Sluice.Data.Columns;

/// <summary>The units of <c>date_trunc</c>, <c>date_add</c>, <c>date_diff</c> and rollups, smallest first.</summary>
internal enum TimeUnit
{
    /// <summary>A thousandth of a second.</summary>
    Millisecond,
    /// <summary>A second.</summary>
    Second,
    /// <summary>A minute.</summary>
    Minute,
    /// <summary>An hour.</summary>
    Hour,
    /// <summary>A calendar day.</summary>
    Day,
    /// <summary>An ISO week: Monday to Sunday.</summary>
    Week,
    /// <summary>A calendar month.</summary>
    Month,
    /// <summary>Three calendar months starting in January, April, July or October.</summary>
    Quarter,
    /// <summary>A calendar year.</summary>
    Year,
}
