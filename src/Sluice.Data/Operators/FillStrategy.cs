namespace Sluice.Data.Operators;

/// <summary>What to put into missing (null) values of a column.</summary>
/// <param name="Kind">The statistic or constant.</param>
/// <param name="Value">The constant for <see cref="FillKind.Constant"/> (long, double, bool, string, decimal, DateOnly, DateTime).</param>
/// <param name="Rounding">The rounding of integer/decimal medians. The default is <see cref="MedianRounding.HalfUp"/>.</param>
public sealed record FillStrategy(FillKind Kind, object? Value = null, MedianRounding Rounding = MedianRounding.HalfUp)
{
    /// <summary>Fill with a constant.</summary>
    public static FillStrategy Constant(object value) => new(FillKind.Constant, value);

    /// <summary>Fill with the mean.</summary>
    public static FillStrategy Mean { get; } = new(FillKind.Mean);

    /// <summary>Fill with the exact median.</summary>
    public static FillStrategy Median(MedianRounding rounding = MedianRounding.HalfUp) => new(FillKind.Median, null, rounding);

    /// <summary>Fill with the most frequent value.</summary>
    public static FillStrategy Mode { get; } = new(FillKind.Mode);
}
