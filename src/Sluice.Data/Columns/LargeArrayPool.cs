using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sluice.Data.Columns;

/// <summary>The byte limit shared by the <see cref="LargeArrayPool{T}"/> of every element type.</summary>
internal static class LargeArrayPool
{
    private static long _idle;

    /// <summary>
    /// The most bytes of idle large arrays kept for reuse, over all element types. Enough for the batches in flight
    /// of a streaming flow; what an operator held beyond that (a buffered input) goes back to the GC when released.
    /// </summary>
    public static long IdleLimit { get; } = 128L << 20;

    /// <summary>The bytes of idle arrays held now.</summary>
    public static long IdleBytes => Volatile.Read(ref _idle);

    public static bool TryKeep(long bytes)
    {
        if (Interlocked.Add(ref _idle, bytes) <= IdleLimit)
        {
            return true;
        }

        Interlocked.Add(ref _idle, -bytes);
        return false;
    }

    public static void Taken(long bytes) => Interlocked.Add(ref _idle, -bytes);
}

/// <summary>A pool of power-of-two arrays whose idle arrays count against <see cref="LargeArrayPool.IdleLimit"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal static class LargeArrayPool<T>
{
    private static readonly Stack<T[]>[] Buckets = [.. Enumerable.Range(0, 32).Select(_ => new Stack<T[]>())];

    public static T[] Rent(int minimumLength)
    {
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)minimumLength);
        var bucket = Buckets[BitOperations.Log2((uint)length)];
        lock (bucket)
        {
            if (bucket.TryPop(out var array))
            {
                LargeArrayPool.Taken(Bytes(length));
                return array;
            }
        }

        return GC.AllocateUninitializedArray<T>(length);
    }

    public static void Return(T[] array)
    {
        var length = array.Length;
        if (!BitOperations.IsPow2(length) || !LargeArrayPool.TryKeep(Bytes(length)))
        {
            return;
        }

        var bucket = Buckets[BitOperations.Log2((uint)length)];
        lock (bucket)
        {
            bucket.Push(array);
        }
    }

    private static long Bytes(int length) => (long)length * Unsafe.SizeOf<T>();
}
