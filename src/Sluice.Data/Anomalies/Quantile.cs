namespace Sluice.Data.Anomalies;

/// <summary>Quantiles of sorted data.</summary>
public static class Quantile
{
    /// <summary>
    /// The <paramref name="probability"/>-quantile of <paramref name="sorted"/> by linear interpolation between
    /// closest ranks — numpy's default (<c>method="linear"</c>, Hyndman–Fan type 7): with h = (n−1)·p,
    /// the result is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
    /// </summary>
    /// <param name="sorted">Values in ascending order, without NaN.</param>
    /// <param name="probability">A probability in [0, 1] (a percentile divided by 100).</param>
    /// <returns>The quantile; <see cref="double.NaN"/> when <paramref name="sorted"/> is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1].</exception>
    public static double Linear(ReadOnlySpan<double> sorted, double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A quantile probability must be in [0, 1].");
        }

        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * probability;
        var lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        var fraction = h - lo;
        var a = sorted[lo];
        var b = sorted[lo + 1];
        // Interpolate from the nearer end so that the result is exact at both ends and monotone in p.
        return fraction < 0.5 ? a + ((b - a) * fraction) : b - ((b - a) * (1 - fraction));
    }
}
