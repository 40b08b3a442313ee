namespace Sluice.Data.Operators;

/// <summary>How missing values are filled.</summary>
public enum FillKind
{
    /// <summary>A given constant.</summary>
    Constant,
    /// <summary>The mean of the present values (integers and decimals rounded half away from zero to the column's unit).</summary>
    Mean,
    /// <summary>The exact median of the present values.</summary>
    Median,
    /// <summary>The most frequent present value (ties: the smallest).</summary>
    Mode,
}
