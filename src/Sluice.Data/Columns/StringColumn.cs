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
        // Runs of consecutive rows (what filters, dedupe and rejects keep) are copied as one block of bytes and offsets.
        var total = 0;
        var i = 0;
        while (i < rows.Length)
        {
            var r = rows[i];
            var j = RunEnd(rows, i);
            total += r < 0 ? 0 : _offsets[r + (j - i)] - _offsets[r];
            i = j;
        }

        var bytes = Buffers.Rent<byte>(Math.Max(total, 1));
        var offsets = Buffers.Rent<int>(rows.Length + 1);
        offsets[0] = 0;
        var pos = 0;
        i = 0;
        while (i < rows.Length)
        {
            var r = rows[i];
            var j = RunEnd(rows, i);
            if (r < 0)
            {
                offsets[i + 1] = pos;
            }
            else
            {
                var start = _offsets[r];
                var length = _offsets[r + (j - i)] - start;
                _bytes.AsSpan(start, length).CopyTo(bytes.AsSpan(pos));
                var shift = pos - start;
                for (var k = i; k < j; k++)
                {
                    offsets[k + 1] = _offsets[r + (k - i) + 1] + shift;
                }

                pos += length;
            }

            i = j;
        }

        return new StringColumn(bytes, offsets, rows.Length, GatherValidity(rows));
    }

    /// <summary>The end (exclusive) of the run of consecutive rows starting at <paramref name="i"/>; a missing row (-1) is a run of one.</summary>
    private static int RunEnd(ReadOnlySpan<int> rows, int i)
    {
        var r = rows[i];
        var j = i + 1;
        if (r < 0)
        {
            return j;
        }

        while (j < rows.Length && rows[j] == r + (j - i))
        {
            j++;
        }

        return j;
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
