using System.Buffers;

namespace Sluice.Data.Anomalies;

/// <summary>
/// Flags values outside Tukey's fences [Q1 − k·IQR, Q3 + k·IQR] (strictly outside; a value on a fence is normal).
/// </summary>
/// <remarks>
/// <para>Quartiles use linear interpolation between closest ranks, numpy's default percentile method
/// (see <see cref="Quantile.Linear"/>): for [1, 2, 3, 4], Q1 = 1.75 and Q3 = 3.25.</para>
/// <para>A row is null when its entry in the optional null mask is true or its value is not finite.
/// Nulls are ignored when computing the quartiles and are never flagged. With no non-null values nothing is flagged.</para>
/// </remarks>
public sealed class IqrDetector
{
    /// <summary>Creates a detector.</summary>
    /// <param name="k">The fence multiplier. The default is 1.5 (Tukey's "outliers"; 3 gives "far out").</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative or not finite.</exception>
    public IqrDetector(double k = 1.5)
    {
        if (!(k >= 0 && double.IsFinite(k)))
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "The IQR multiplier must be non-negative and finite.");
        }

        K = k;
    }

    /// <summary>The fence multiplier k.</summary>
    public double K { get; }

    /// <summary>Computes the quartiles and fences of the non-null values.</summary>
    /// <param name="values">The values.</param>
    /// <param name="isNull">Null mask (true = null), or empty for none; NaN also marks null.</param>
    /// <returns>The fences, or null when there is no non-null value.</returns>
    public TukeyFences? ComputeFences(ReadOnlySpan<double> values, ReadOnlySpan<bool> isNull = default)
    {
        DetectorSpans.Check(values.Length, isNull.Length, values.Length);
        var buffer = ArrayPool<double>.Shared.Rent(Math.Max(1, values.Length));
        try
        {
            var n = 0;
            for (var i = 0; i < values.Length; i++)
            {
                if (!DetectorSpans.IsNull(values, isNull, i))
                {
                    buffer[n++] = values[i];
                }
            }

            if (n == 0)
            {
                return null;
            }

            var sorted = buffer.AsSpan(0, n);
            sorted.Sort();
            return TukeyFences.FromSorted(sorted, K);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>Flags anomalies among <paramref name="values"/>.</summary>
    /// <param name="values">The values.</param>
    /// <param name="isNull">Null mask (true = null), or empty for none; NaN also marks null.</param>
    /// <param name="anomalies">Receives true for anomalous rows, false otherwise; same length as <paramref name="values"/>.</param>
    /// <returns>The number of anomalies.</returns>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public int Detect(ReadOnlySpan<double> values, ReadOnlySpan<bool> isNull, Span<bool> anomalies)
    {
        DetectorSpans.Check(values.Length, isNull.Length, anomalies.Length);
        var fences = ComputeFences(values, isNull);
        var flagged = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var anomalous = fences is { } f && !DetectorSpans.IsNull(values, isNull, i) && f.IsOutside(values[i]);
            anomalies[i] = anomalous;
            flagged += anomalous ? 1 : 0;
        }

        return flagged;
    }

    /// <summary>Flags anomalies separately within each group: quartiles and fences are computed per group key.</summary>
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
        var n = values.Length;
        var ids = ArrayPool<int>.Shared.Rent(Math.Max(1, n));
        var buffer = ArrayPool<double>.Shared.Rent(Math.Max(1, n));
        try
        {
            var groupCount = GroupIndex.Assign(groups, ids.AsSpan(0, n));

            // Counting sort of the non-null values by group, then one sort per group segment.
            var starts = new int[groupCount + 1];
            for (var i = 0; i < n; i++)
            {
                if (!DetectorSpans.IsNull(values, isNull, i))
                {
                    starts[ids[i] + 1]++;
                }
            }

            for (var g = 0; g < groupCount; g++)
            {
                starts[g + 1] += starts[g];
            }

            var cursor = (int[])starts.Clone();
            for (var i = 0; i < n; i++)
            {
                if (!DetectorSpans.IsNull(values, isNull, i))
                {
                    buffer[cursor[ids[i]]++] = values[i];
                }
            }

            var fences = new TukeyFences?[groupCount];
            for (var g = 0; g < groupCount; g++)
            {
                var segment = buffer.AsSpan(starts[g], starts[g + 1] - starts[g]);
                if (!segment.IsEmpty)
                {
                    segment.Sort();
                    fences[g] = TukeyFences.FromSorted(segment, K);
                }
            }

            var flagged = 0;
            for (var i = 0; i < n; i++)
            {
                var anomalous = fences[ids[i]] is { } f && !DetectorSpans.IsNull(values, isNull, i) && f.IsOutside(values[i]);
                anomalies[i] = anomalous;
                flagged += anomalous ? 1 : 0;
            }

            return flagged;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
