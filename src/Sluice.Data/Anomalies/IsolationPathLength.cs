namespace Sluice.Data.Anomalies;

/// <summary>The normalising constant c(n) of isolation forests.</summary>
public static class IsolationPathLength
{
    /// <summary>The Euler–Mascheroni constant γ.</summary>
    public const double EulerGamma = 0.57721566490153286060651209008240243;

    /// <summary>
    /// c(n), the average path length of an unsuccessful search in a binary search tree of n points, as in
    /// Liu, Ting and Zhou (2008) and scikit-learn: c(n) = 2·H(n−1) − 2(n−1)/n with the harmonic number
    /// approximated as H(i) ≈ ln(i) + γ; c(n) = 0 for n ≤ 1 and c(2) = 1.
    /// </summary>
    /// <param name="n">The number of points (a sample size or the number of training rows in a leaf).</param>
    /// <returns>c(n).</returns>
    public static double Average(long n)
    {
        if (n <= 1)
        {
            return 0;
        }

        if (n == 2)
        {
            return 1;
        }

        var m = (double)n;
        return (2.0 * (Math.Log(m - 1.0) + EulerGamma)) - (2.0 * (m - 1.0) / m);
    }
}
