using System.Text;

namespace Sluice.Data.Columns;

/// <summary>A plain string column: one UTF-8 byte buffer plus Length + 1 int offsets.</summary>
public sealed class StringColumn : Utf8Column
{
    private byte[] _bytes;
    private int[] _offsets;

    internal StringColumn(byte[] bytes, int[] offsets, int length, ValidityMask? validity)
        : base(length, validity)
    {
        _bytes = bytes;
        _offsets = offsets;
    }

    internal byte[] ByteBuffer => _bytes;

    internal int[] Offsets => _offsets;

    /// <summary>The total number of UTF-8 bytes.</summary>
    public int ByteLength => _offsets[Length];

    /// <summary>Creates a column from .NET strings (null entries are null rows).</summary>
    public static StringColumn Create(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var b = new Utf8Builder(values.Count, 16 * values.Count);
        foreach (var v in values)
        {
            if (v is null)
            {
                b.AppendNull();
            }
            else
            {
                b.Append(Encoding.UTF8.GetBytes(v));
            }
        }

        return b.Build();
    }

    /// <inheritdoc />
    public override ReadOnlySpan<byte> GetBytes(int row)
    {
        var start = _offsets[row];
        return _bytes.AsSpan(start, _offsets[row + 1] - start);
    }

    /// <inheritdoc />
    public override Column Gather(ReadOnlySpan<int> rows)
    {
        var total = 0;
        foreach (var r in rows)
        {
            if (r >= 0)
            {
                total += _offsets[r + 1] - _offsets[r];
            }
        }

        var b = new Utf8Builder(rows.Length, total);
        foreach (var r in rows)
        {
            if (r < 0 || IsNull(r))
            {
                b.AppendNull();
            }
            else
            {
                b.Append(GetBytes(r));
            }
        }

        return b.Build();
    }

    /// <inheritdoc />
    protected override void ReleaseBuffers()
    {
        Buffers.Return(_bytes);
        Buffers.Return(_offsets);
        _bytes = [];
        _offsets = [0];
    }
}
