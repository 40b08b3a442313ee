using System.Numerics;

namespace Sluice.Data.Columns;

/// <summary>A bit per row: set = the value is present, clear = null. Buffers are pooled; a column owns its mask.</summary>
public sealed class ValidityMask : IDisposable
{
    private ulong[] _words;

    private ValidityMask(ulong[] words, int length)
    {
        _words = words;
        Length = length;
    }

    /// <summary>The number of rows covered.</summary>
    public int Length { get; private set; }

    internal ulong[] Words => _words;

    internal static int WordCount(int length) => (length + 63) >> 6;

    /// <summary>Creates a mask with every row valid (or every row null).</summary>
    public static ValidityMask Create(int length, bool allValid)
    {
        var n = WordCount(length);
        var words = Buffers.Rent<ulong>(n);
        words.AsSpan(0, n).Fill(allValid ? ulong.MaxValue : 0UL);
        return new ValidityMask(words, length);
    }

    /// <summary>Creates a mask from booleans (true = valid).</summary>
    public static ValidityMask FromBools(ReadOnlySpan<bool> valid)
    {
        var m = Create(valid.Length, false);
        for (var i = 0; i < valid.Length; i++)
        {
            if (valid[i])
            {
                m.SetValid(i);
            }
        }

        return m;
    }

    internal static ValidityMask Wrap(ulong[] words, int length) => new(words, length);

    /// <summary>True when row <paramref name="row"/> holds a value.</summary>
    public bool IsValid(int row) => (_words[row >> 6] & (1UL << row)) != 0;

    /// <summary>Marks a row valid.</summary>
    public void SetValid(int row) => _words[row >> 6] |= 1UL << row;

    /// <summary>Marks a row null.</summary>
    public void SetNull(int row) => _words[row >> 6] &= ~(1UL << row);

    /// <summary>Counts the valid rows.</summary>
    public int CountValid()
    {
        var full = Length >> 6;
        var count = 0;
        for (var i = 0; i < full; i++)
        {
            count += BitOperations.PopCount(_words[i]);
        }

        var rest = Length & 63;
        if (rest != 0)
        {
            count += BitOperations.PopCount(_words[full] & ((1UL << rest) - 1));
        }

        return count;
    }

    /// <summary>A copy of this mask.</summary>
    public ValidityMask Clone()
    {
        var n = WordCount(Length);
        var words = Buffers.Rent<ulong>(n);
        _words.AsSpan(0, n).CopyTo(words);
        return new ValidityMask(words, Length);
    }

    /// <summary>The intersection of two masks (a null mask means all valid); null when both are null.</summary>
    public static ValidityMask? And(ValidityMask? a, ValidityMask? b)
    {
        if (a is null)
        {
            return b?.Clone();
        }

        if (b is null)
        {
            return a.Clone();
        }

        var r = a.Clone();
        var n = WordCount(a.Length);
        for (var i = 0; i < n; i++)
        {
            r._words[i] &= b._words[i];
        }

        return r;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Buffers.Return(_words);
        _words = [];
        Length = 0;
    }
}
