using System.Buffers;

namespace Sluice.Data.Columns;

/// <summary>Pooled array helpers: every column buffer comes from and returns to <see cref="ArrayPool{T}.Shared"/>.</summary>
internal static class Buffers
{
    public static T[] Rent<T>(int minimumLength) => ArrayPool<T>.Shared.Rent(Math.Max(minimumLength, 16));

    public static void Return<T>(T[]? array)
    {
        if (array is not null && array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }

    /// <summary>Grows <paramref name="array"/> to hold at least <paramref name="needed"/> items, keeping the first <paramref name="used"/>.</summary>
    public static void Grow<T>(ref T[] array, int used, int needed)
    {
        if (needed <= array.Length)
        {
            return;
        }

        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(needed, array.Length * 2));
        Array.Copy(array, bigger, used);
        Return(array);
        array = bigger;
    }
}
