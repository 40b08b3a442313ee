namespace Sluice.Data.Parquet.Encodings;

/// <summary>
/// The RLE / bit-packing hybrid of definition levels and dictionary indices: a run of 8 or more equal values becomes an
/// RLE run (header <c>count &lt;&lt; 1</c>, value in whole bytes), everything else bit-packed groups of 8 values
/// (header <c>groups &lt;&lt; 1 | 1</c>, LSB first). The last group is zero-padded; readers know the value count.
/// </summary>
internal static class RleHybridEncoder
{
    /// <summary>The number of bits needed for values up to <paramref name="maxValue"/>.</summary>
    public static int BitWidth(int maxValue) => maxValue <= 0 ? 0 : 32 - int.LeadingZeroCount(maxValue);

    public static void Encode(ReadOnlySpan<int> values, int bitWidth, ByteBuffer output)
    {
        var literalStart = 0;
        var i = 0;
        while (i < values.Length)
        {
            var v = values[i];
            var run = 1;
            while (i + run < values.Length && values[i + run] == v)
            {
                run++;
            }

            if (run >= 8)
            {
                // Literal groups hold multiples of 8: borrow from the run to fill the last group.
                var borrow = (8 - ((i - literalStart) & 7)) & 7;
                if (run - borrow >= 8)
                {
                    if (i + borrow > literalStart)
                    {
                        WritePacked(values[literalStart..(i + borrow)], bitWidth, output);
                    }

                    WriteRun(v, run - borrow, bitWidth, output);
                    i += run;
                    literalStart = i;
                    continue;
                }
            }

            i += run;
        }

        if (literalStart < values.Length)
        {
            WritePacked(values[literalStart..], bitWidth, output);
        }
    }

    /// <summary>Encodes <paramref name="count"/> copies of one value (a page without nulls, a one-entry dictionary).</summary>
    public static void EncodeRepeated(int value, int count, int bitWidth, ByteBuffer output)
    {
        if (count > 0)
        {
            WriteRun(value, count, bitWidth, output);
        }
    }

    private static void WriteRun(int value, int count, int bitWidth, ByteBuffer output)
    {
        output.WriteVarint((uint)count << 1);
        for (var b = 0; b < (bitWidth + 7) / 8; b++)
        {
            output.WriteByte((byte)(value >> (8 * b)));
        }
    }

    private static void WritePacked(ReadOnlySpan<int> values, int bitWidth, ByteBuffer output)
    {
        var groups = (values.Length + 7) / 8;
        output.WriteVarint(((uint)groups << 1) | 1);
        var bytes = groups * bitWidth;
        var span = output.GetSpan(bytes)[..bytes];
        span.Clear();
        long bit = 0;
        foreach (var v in values)
        {
            var value = (ulong)(uint)v;
            var at = (int)(bit >> 3);
            var shift = (int)(bit & 7);
            var shifted = value << shift;
            for (var k = 0; k * 8 < bitWidth + shift; k++)
            {
                span[at + k] |= (byte)(shifted >> (8 * k));
            }

            bit += bitWidth;
        }

        output.Advance(bytes);
    }
}
