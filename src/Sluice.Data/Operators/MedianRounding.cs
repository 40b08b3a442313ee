namespace Sluice.Data.Operators;

/// <summary>How the median of an even number of integer (or decimal) values is rounded to the column's unit when a and b are the two middle values.</summary>
public enum MedianRounding
{
    /// <summary><c>(a + b + 1) div 2</c>: a half rounds toward +∞ (the orders workload's rule).</summary>
    HalfUp,
    /// <summary><c>(a + b) div 2</c>: a half rounds toward −∞.</summary>
    HalfDown,
}
