using System.Globalization;

namespace Sluice.DataActions.Anomalies;

/// <summary>
/// The <c>&lt;AUTO&gt;</c> method: with <c>group_by</c>, or with one feature column, a univariate test — zscore when the
/// first column is roughly symmetric (|sample skewness| ≤ 1), iqr otherwise (quartiles are robust to skew and heavy tails);
/// with two or more feature columns and no groups, isolation_forest (it sees combinations no single column shows).
/// </summary>
internal static class MethodChoice
{
    public static (string Method, string Reason) Choose(FeatureValues values, bool grouped)
    {
        if (values.Columns.Count >= 2 && !grouped)
        {
            return ("isolation_forest", $"{values.Columns.Count} numeric feature columns and no group_by: a multivariate isolation forest");
        }

        var skew = Skewness(values.Column(0));
        var why = string.Create(CultureInfo.InvariantCulture, $"skewness of '{values.Columns[0]}' is {skew:0.###}");
        var prefix = grouped ? "group_by is set (isolation forests are not per group)" : "one numeric feature column";
        return Math.Abs(skew) <= 1
            ? ("zscore", $"{prefix}; {why} (|skew| <= 1, roughly symmetric): zscore")
            : ("iqr", $"{prefix}; {why} (|skew| > 1): iqr, robust to skew");
    }

    /// <summary>The moment skewness g₁ = m₃ / m₂^1.5 of the non-null values; 0 when undefined.</summary>
    internal static double Skewness(ReadOnlySpan<double> values)
    {
        double sum = 0;
        long n = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                sum += v;
                n++;
            }
        }

        if (n < 3)
        {
            return 0;
        }

        var mean = sum / n;
        double m2 = 0, m3 = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                var d = v - mean;
                m2 += d * d;
                m3 += d * d * d;
            }
        }

        m2 /= n;
        m3 /= n;
        return m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0;
    }
}
