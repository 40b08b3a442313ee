using System.Numerics;
using System.Runtime.InteropServices;
using Sluice.Data.Execution;
using Sluice.Data.Execution.Spill;

namespace Sluice.Data.Operators;

/// <summary>
/// Keeps the values an exact median needs and finds the middle ones without sorting and without one big array.
/// Values are stored as order-preserving 64-bit keys in 1 Mi-value chunks; a chunk stays in memory while the
/// <see cref="MemoryBudget"/> grants it, otherwise it goes to a spill file. A rank is found by radix descent: each
/// pass over the values histograms the next 16 bits of the keys that share the prefix found so far, so a rank
/// costs at most four sequential passes (two for values spanning less than 2³² apart) and no extra memory
/// beyond a 64 Ki-entry histogram. Not thread-safe.
/// </summary>
internal sealed class MedianSelector : IDisposable
{
    private const int ChunkValues = 1 << 20;
    private const long ChunkBytes = ChunkValues * sizeof(ulong);

    private readonly MemoryBudget _budget;
    private readonly List<ulong[]?> _chunks = [];
    private readonly List<long> _offsets = [];
    private ulong[] _current = [];
    private int _used;
    private FileStream? _file;
    private long _fileLength;
    private long _reserved;
    private ulong _min = ulong.MaxValue;
    private ulong _max;

    public MedianSelector(MemoryBudget budget) => _budget = budget;

    /// <summary>The number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds an integer value (int64, decimal units, days, microseconds).</summary>
    public void Add(long value) => AddKey(unchecked((ulong)value ^ (1UL << 63)));

    /// <summary>Adds a float value; −0 counts as 0 and every NaN as one NaN that sorts above +∞.</summary>
    public void Add(double value) => AddKey(FloatKey(value));

    /// <summary>The two middle values of an integer column (equal when the count is odd).</summary>
    public (long A, long B) MiddleIntegers()
    {
        var (a, b) = MiddleKeys();
        return (unchecked((long)(a ^ (1UL << 63))), unchecked((long)(b ^ (1UL << 63))));
    }

    /// <summary>The two middle values of a float column.</summary>
    public (double A, double B) MiddleFloats()
    {
        var (a, b) = MiddleKeys();
        return (FromFloatKey(a), FromFloatKey(b));
    }

    public void Dispose()
    {
        _budget.Release(_reserved);
        _reserved = 0;
        _chunks.Clear();
        _current = [];
        _file?.Dispose();
        _file = null;
    }

    private void AddKey(ulong key)
    {
        if (_used == _current.Length)
        {
            NextChunk();
        }

        _current[_used++] = key;
        Count++;
        if (key < _min)
        {
            _min = key;
        }

        if (key > _max)
        {
            _max = key;
        }
    }

    private void NextChunk()
    {
        if (_current.Length > 0)
        {
            Seal();
        }

        _current = GC.AllocateUninitializedArray<ulong>(ChunkValues);
        _used = 0;
    }

    /// <summary>Keeps the full current chunk in memory when the budget allows, else appends it to the spill file.</summary>
    private void Seal()
    {
        if (_budget.TryReserve(ChunkBytes))
        {
            _reserved += ChunkBytes;
            _chunks.Add(_current);
            _offsets.Add(-1);
            return;
        }

        _file ??= SpillFile.Create(_budget);
        var offset = _fileLength;
        _file.Seek(offset, SeekOrigin.Begin);
        try
        {
            _file.Write(MemoryMarshal.AsBytes(_current.AsSpan(0, _used)));
        }
        catch (IOException ex)
        {
            throw new DataException($"Spilling to '{_budget.SpillDirectory}' failed: {ex.Message}", isTransient: true, ex);
        }

        _fileLength += (long)_used * sizeof(ulong);
        _budget.AddSpilled((long)_used * sizeof(ulong));
        _chunks.Add(null);
        _offsets.Add(offset);
    }

    private (ulong A, ulong B) MiddleKeys()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("No values.");
        }

        var a = Select((Count - 1) / 2);
        var b = Count % 2 == 1 ? a : Select(Count / 2);
        return (a, b);
    }

    /// <summary>The key of rank <paramref name="rank"/> (0 = smallest).</summary>
    private ulong Select(long rank)
    {
        // Bits above the highest one where min and max differ are the same in every key.
        var remaining = 64 - BitOperations.LeadingZeroCount(_min ^ _max);
        var prefix = remaining == 64 ? 0UL : _min & ~((1UL << remaining) - 1);
        var histogram = new long[1 << 16];
        while (remaining > 0)
        {
            var width = Math.Min(16, remaining);
            var shift = remaining - width;
            Array.Clear(histogram);
            var high = remaining == 64 ? 0UL : prefix >> remaining;
            var mask = (1UL << width) - 1;
            ForEachChunk(keys =>
            {
                foreach (var k in keys)
                {
                    if ((remaining == 64 ? 0UL : k >> remaining) == high)
                    {
                        histogram[(int)((k >> shift) & mask)]++;
                    }
                }
            });

            var bucket = 0;
            while (rank >= histogram[bucket])
            {
                rank -= histogram[bucket];
                bucket++;
            }

            prefix |= (ulong)bucket << shift;
            remaining = shift;
        }

        return prefix;
    }

    private void ForEachChunk(Action<ReadOnlySpan<ulong>> visit)
    {
        ulong[]? buffer = null;
        for (var i = 0; i < _chunks.Count; i++)
        {
            if (_chunks[i] is { } chunk)
            {
                visit(chunk);
                continue;
            }

            buffer ??= GC.AllocateUninitializedArray<ulong>(ChunkValues);
            _file!.Seek(_offsets[i], SeekOrigin.Begin);
            _file.ReadExactly(MemoryMarshal.AsBytes(buffer.AsSpan()));
            visit(buffer);
        }

        visit(_current.AsSpan(0, _used));
    }

    private static ulong FloatKey(double value)
    {
        if (value == 0)
        {
            value = 0;
        }

        var bits = double.IsNaN(value) ? BitConverter.DoubleToInt64Bits(double.NaN) & long.MaxValue : BitConverter.DoubleToInt64Bits(value);
        return bits < 0 ? ~(ulong)bits : (ulong)bits | (1UL << 63);
    }

    private static double FromFloatKey(ulong key) =>
        BitConverter.Int64BitsToDouble(unchecked((long)((key & (1UL << 63)) != 0 ? key & ~(1UL << 63) : ~key)));
}
