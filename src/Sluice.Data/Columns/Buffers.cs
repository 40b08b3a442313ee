using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sluice.Data.Columns;

/// <summary>
/// Pooled array helpers: every column buffer comes from and returns to a pool. Small arrays use
/// <see cref="ArrayPool{T}.Shared"/>. Large ones (64 KiB and up) use <see cref="LargeArrayPool{T}"/>, which keeps at
/// most <see cref="LargeArrayPool.IdleLimit"/> bytes of idle arrays in all: the shared pool keeps up to 32 arrays per
/// size per core plus one per thread and element type, which after a spill-heavy run held over 500 MB of idle
/// column buffers.
/// </summary>
internal static class Buffers
{
    /// <summary>Arrays of at least this many bytes go to the bounded pool.</summary>
    internal const int LargeBytes = 64 << 10;

    public static T[] Rent<T>(int minimumLength)
    {
        var length = Math.Max(minimumLength, 16);
        return IsLarge<T>(length) ? LargeArrayPool<T>.Rent(length) : ArrayPool<T>.Shared.Rent(length);
    }

    public static void Return<T>(T[]? array)
    {
        if (array is null || array.Length == 0)
        {
            return;
        }

        if (IsLarge<T>(array.Length))
        {
            LargeArrayPool<T>.Return(array);
        }
        else
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

        var bigger = Rent<T>(Math.Max(needed, array.Length * 2));
        Array.Copy(array, bigger, used);
        Return(array);
        array = bigger;
    }

    /// <summary>Makes <paramref name="array"/> hold at least <paramref name="size"/> items, dropping its contents (a scratch buffer).</summary>
    public static void Reserve<T>(ref T[] array, int size)
    {
        if (array.Length < size)
        {
            Return(array);
            array = Rent<T>(size);
        }
    }

    /// <summary>Decided on the power-of-two length both pools hand out, so an array returns to the pool it came from.</summary>
    private static bool IsLarge<T>(int length) =>
        (long)BitOperations.RoundUpToPowerOf2((uint)length) * Unsafe.SizeOf<T>() >= LargeBytes;
}
