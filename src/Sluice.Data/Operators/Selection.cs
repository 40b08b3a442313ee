namespace Sluice.Data.Operators;

/// <summary>Exact order statistics without a full sort (quickselect).</summary>
internal static class Selection
{
    /// <summary>Rearranges <paramref name="values"/> so that index <paramref name="k"/> holds the k-th smallest, smaller ones before it.</summary>
    public static T Select<T>(Span<T> values, int k)
        where T : IComparable<T>
    {
        var lo = 0;
        var hi = values.Length - 1;
        var rng = new Random(17);
        while (lo < hi)
        {
            var pivot = values[rng.Next(lo, hi + 1)];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i].CompareTo(pivot) < 0)
                {
                    i++;
                }

                while (values[j].CompareTo(pivot) > 0)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
    }

    /// <summary>The two middle values (a = index (n-1) div 2, b = index n div 2) of a non-empty span; reorders it.</summary>
    public static (T A, T B) Middle<T>(Span<T> values)
        where T : IComparable<T>
    {
        var n = values.Length;
        var b = Select(values, n / 2);
        if (n % 2 == 1)
        {
            return (b, b);
        }

        // After selecting index n/2, everything before it is <= b; the largest of those is index (n-1)/2.
        var a = values[0];
        for (var i = 1; i < n / 2; i++)
        {
            if (values[i].CompareTo(a) > 0)
            {
                a = values[i];
            }
        }

        return (a, b);
    }

    /// <summary>Combines the middle values per <paramref name="rounding"/>, exactly.</summary>
    public static long MedianOf(long a, long b, MedianRounding rounding)
    {
        var sum = (Int128)a + b + (rounding == MedianRounding.HalfUp ? 1 : 0);
        return (long)Int128FloorDiv(sum, 2);
    }

    public static Int128 Int128FloorDiv(Int128 a, Int128 b)
    {
        var q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0)))
        {
            q--;
        }

        return q;
    }
}
