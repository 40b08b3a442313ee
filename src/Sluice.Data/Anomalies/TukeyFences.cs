namespace Sluice.Data.Anomalies;

/// <summary>Quartiles and Tukey fences of one set of values.</summary>
/// <param name="Q1">First quartile (25th percentile, linear interpolation).</param>
/// <param name="Q3">Third quartile (75th percentile, linear interpolation).</param>
/// <param name="Lower">Lower fence Q1 − k·(Q3 − Q1).</param>
/// <param name="Upper">Upper fence Q3 + k·(Q3 − Q1).</param>
public readonly record struct TukeyFences(double Q1, double Q3, double Lower, double Upper)
{
    /// <summary>The interquartile range Q3 − Q1.</summary>
    public double Iqr => Q3 - Q1;

    /// <summary>True when <paramref name="value"/> lies strictly outside the fences.</summary>
    public bool IsOutside(double value) => value < Lower || value > Upper;

    internal static TukeyFences FromSorted(ReadOnlySpan<double> sorted, double k)
    {
        var q1 = Quantile.Linear(sorted, 0.25);
        var q3 = Quantile.Linear(sorted, 0.75);
        var iqr = q3 - q1;
        return new TukeyFences(q1, q3, q1 - (k * iqr), q3 + (k * iqr));
    }
}
