namespace Sluice.Data.Parquet.Writing;

/// <summary>
/// The running min and max of byte strings by unsigned lexicographic order (the order of UTF-8 strings), copied into
/// reusable arrays. Bounds longer than <see cref="MaxLength"/> are cut: the min to a prefix (still a lower bound),
/// the max dropped (a cut max would not be an upper bound).
/// </summary>
internal sealed class BinaryBounds
{
    public const int MaxLength = 256;

    private byte[] _min = new byte[64];
    private byte[] _max = new byte[64];
    private int _minLength;
    private int _maxLength;
    private bool _any;

    public void Observe(ReadOnlySpan<byte> value)
    {
        if (!_any)
        {
            Set(ref _min, ref _minLength, value);
            Set(ref _max, ref _maxLength, value);
            _any = true;
        }
        else if (value.SequenceCompareTo(_min.AsSpan(0, _minLength)) < 0)
        {
            Set(ref _min, ref _minLength, value);
        }
        else if (value.SequenceCompareTo(_max.AsSpan(0, _maxLength)) > 0)
        {
            Set(ref _max, ref _maxLength, value);
        }
    }

    public void Reset() => _any = false;

    public void Fill(Format.Statistics stats)
    {
        if (!_any)
        {
            return;
        }

        var min = _min.AsSpan(0, _minLength);
        if (min.Length > MaxLength)
        {
            var cut = MaxLength;
            while (cut > 0 && (min[cut] & 0xC0) == 0x80)
            {
                cut--; // never split a UTF-8 sequence
            }

            min = min[..cut];
            stats.IsMinExact = false;
        }

        stats.MinValue = min.ToArray();
        if (_maxLength <= MaxLength)
        {
            stats.MaxValue = _max.AsSpan(0, _maxLength).ToArray();
        }
    }

    private static void Set(ref byte[] target, ref int length, ReadOnlySpan<byte> value)
    {
        if (value.Length > target.Length)
        {
            target = new byte[Math.Max(value.Length, target.Length * 2)];
        }

        value.CopyTo(target);
        length = value.Length;
    }
}
