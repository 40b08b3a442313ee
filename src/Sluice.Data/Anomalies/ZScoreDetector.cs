using System.Buffers;

namespace Sluice.Data.Anomalies;

/// <summary>
/// Flags values whose z-score |x − μ| / σ is strictly greater than a threshold k.
/// </summary>
/// <remarks>
/// <para>A row is null when its entry in the optional null mask is true or its value is not finite (NaN, ±∞).
/// Nulls are ignored when computing μ and σ and are never flagged.</para>
/// <para>When σ = 0 (all non-null values equal) or σ is undefined (no values; one value with
/// <see cref="StandardDeviationKind.Sample"/>) nothing is flagged.</para>
/// <para>μ and σ come from two passes over the data (mean first, then squared deviations), which is
/// numerically stable for values far from zero.</para>
/// </remarks>
public sealed class ZScoreDetector
{
    /// <summary>Creates a detector.</summary>
    /// <param name="threshold">k: a value is anomalous when |z| &gt; k. Must be positive and finite.</param>
    /// <param name="kind">Whether σ is the population or the sample standard deviation.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not positive and finite, or <paramref name="kind"/> is undefined.</exception>
    public ZScoreDetector(double threshold, StandardDeviationKind kind)
    {
        if (!(threshold > 0 && double.IsFinite(threshold)))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The z-score threshold must be positive and finite.");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown standard deviation kind.");
        }

        Threshold = threshold;
        Kind = kind;
    }

    /// <summary>The threshold k.</summary>
    public double Threshold { get; }

    /// <summary>The standard deviation used.</summary>
    public StandardDeviationKind Kind { get; }

    /// <summary>Flags anomalies among <paramref name="values"/>; NaN marks null.</summary>
    /// <param name="values">The values.</param>
    /// <param name="anomalies">Receives true for anomalous rows, false otherwise; same length as <paramref name="values"/>.</param>
    /// <returns>The number of anomalies.</returns>
    public int Detect(ReadOnlySpan<double> values, Span<bool> anomalies) => Detect(values, default, anomalies);

    /// <summary>Flags anomalies among <paramref name="values"/>.</summary>
    /// <param name="values">The values.</param>
    /// <param name="isNull">Null mask (true = null), or empty for none; NaN also marks null.</param>
    /// <param name="anomalies">Receives true for anomalous rows, false otherwise; same length as <paramref name="values"/>.</param>
    /// <returns>The number of anomalies.</returns>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public int Detect(ReadOnlySpan<double> values, ReadOnlySpan<bool> isNull, Span<bool> anomalies)
    {
        DetectorSpans.Check(values.Length, isNull.Length, anomalies.Length);
        Span<long> counts = stackalloc long[1];
        Span<double> means = stackalloc double[1];
        Span<double> sigmas = stackalloc double[1];
        return Run(values, isNull, default, counts, means, sigmas, anomalies);
    }

    /// <summary>Flags anomalies separately within each group: μ and σ are computed per group key.</summary>
    /// <typeparam name="TKey">The group key type; a null key is a group of its own.</typeparam>
    /// <param name="values">The values.</param>
    /// <param name="groups">The group key of each row; same length as <paramref name="values"/>.</param>
    /// <param name="isNull">Null mask (true = null), or empty for none; NaN also marks null.</param>
    /// <param name="anomalies">Receives true for anomalous rows, false otherwise.</param>
    /// <returns>The number of anomalies over all groups.</returns>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public int DetectByGroup<TKey>(ReadOnlySpan<double> values, ReadOnlySpan<TKey> groups, ReadOnlySpan<bool> isNull, Span<bool> anomalies)
        where TKey : notnull
    {
        DetectorSpans.Check(values.Length, isNull.Length, anomalies.Length);
        DetectorSpans.CheckGroups(values.Length, groups.Length);
        var ids = ArrayPool<int>.Shared.Rent(values.Length);
        try
        {
            var groupCount = GroupIndex.Assign(groups, ids.AsSpan(0, values.Length));
            var counts = new long[groupCount];
            var means = new double[groupCount];
            var sigmas = new double[groupCount];
            return Run(values, isNull, ids.AsSpan(0, values.Length), counts, means, sigmas, anomalies);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    private int Run(
        ReadOnlySpan<double> values,
        ReadOnlySpan<bool> isNull,
        ReadOnlySpan<int> ids,
        Span<long> counts,
        Span<double> means,
        Span<double> sigmas,
        Span<bool> anomalies)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!DetectorSpans.IsNull(values, isNull, i))
            {
                var g = ids.IsEmpty ? 0 : ids[i];
                counts[g]++;
                means[g] += values[i];
            }
        }

        for (var g = 0; g < counts.Length; g++)
        {
            means[g] = counts[g] == 0 ? 0 : means[g] / counts[g];
        }

        // sigmas holds Σ(x−μ)² until converted below.
        for (var i = 0; i < values.Length; i++)
        {
            if (!DetectorSpans.IsNull(values, isNull, i))
            {
                var g = ids.IsEmpty ? 0 : ids[i];
                var d = values[i] - means[g];
                sigmas[g] += d * d;
            }
        }

        var denominatorShift = Kind == StandardDeviationKind.Sample ? 1 : 0;
        for (var g = 0; g < counts.Length; g++)
        {
            var n = counts[g] - denominatorShift;
            sigmas[g] = n > 0 ? Math.Sqrt(sigmas[g] / n) : 0;
        }

        var flagged = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var anomalous = false;
            if (!DetectorSpans.IsNull(values, isNull, i))
            {
                var g = ids.IsEmpty ? 0 : ids[i];
                anomalous = sigmas[g] > 0 && Math.Abs(values[i] - means[g]) > Threshold * sigmas[g];
            }

            anomalies[i] = anomalous;
            flagged += anomalous ? 1 : 0;
        }

        return flagged;
    }
}
