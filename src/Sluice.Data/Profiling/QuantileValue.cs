namespace Sluice.Data.Profiling;

/// <summary>One quantile of a numeric column.</summary>
/// <param name="Probability">The quantile's probability in [0, 1] (0.5 = median).</param>
/// <param name="Value">The value.</param>
public sealed record QuantileValue(double Probability, double Value);
