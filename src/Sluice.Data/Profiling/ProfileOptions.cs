namespace Sluice.Data.Profiling;

/// <summary>Limits of a <see cref="DataProfiler"/>: every sketch is bounded, so memory does not grow with the input.</summary>
public sealed record ProfileOptions
{
    /// <summary>
    /// Distinct values counted exactly (by 64-bit hash) per column; beyond it the count is a HyperLogLog estimate
    /// (2^14 registers, standard error ≈ 0.8%) and top values only count the values seen before the cap. The default is 100000.
    /// </summary>
    public int DistinctCap { get; init; } = 100_000;

    /// <summary>
    /// Numbers kept per column for quantiles: exact while the column has at most this many values, then a uniform
    /// reservoir sample of this size (Algorithm R, fixed seed; rank error ≈ 1/√cap, 0.3% at the default). The default is 100000.
    /// </summary>
    public int QuantileCap { get; init; } = 100_000;

    /// <summary>The quantiles reported (linear interpolation, as pandas' default). The default is 0.25, 0.5, 0.75.</summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [0.25, 0.5, 0.75];

    /// <summary>How many most frequent values are reported. The default is 5.</summary>
    public int TopValues { get; init; } = 5;
}
