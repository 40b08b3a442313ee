using System.Buffers.Binary;
using Sluice.Data.Parquet.Encodings;

namespace Sluice.Data.Parquet.Compression;

/// <summary>
/// The Snappy raw block format: a varint of the uncompressed length, then literals and back-references
/// (copies with 1-, 2- or 4-byte offsets). The compressor is a greedy single-pass matcher over 64 KiB blocks with a
/// 4-byte hash table, skipping faster through incompressible data.
/// </summary>
internal static class Snappy
{
    private const int BlockSize = 1 << 16;
    private const int HashBits = 14;

    public static int MaxCompressedLength(int length) => 32 + length + (length / 6);

    /// <summary>Compresses <paramref name="input"/> into <paramref name="output"/> (at least <see cref="MaxCompressedLength"/> bytes); returns the length.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var o = WriteVarint(output, (uint)input.Length);
        Span<ushort> table = stackalloc ushort[1 << HashBits];
        for (var blockStart = 0; blockStart < input.Length; blockStart += BlockSize)
        {
            var block = input.Slice(blockStart, Math.Min(BlockSize, input.Length - blockStart));
            table.Clear();
            o += CompressBlock(block, output[o..], table);
        }

        return o;
    }

    private static int CompressBlock(ReadOnlySpan<byte> block, Span<byte> output, Span<ushort> table)
    {
        var o = 0;
        var literalStart = 0;
        var i = 1;
        var limit = block.Length - 4;
        var skip = 32;
        while (i <= limit)
        {
            var word = BinaryPrimitives.ReadUInt32LittleEndian(block[i..]);
            var h = Hash(word);
            int candidate = table[h];
            table[h] = (ushort)i;
            if (candidate >= i || BinaryPrimitives.ReadUInt32LittleEndian(block[candidate..]) != word)
            {
                i += skip++ >> 5;
                continue;
            }

            skip = 32;
            o += EmitLiteral(block[literalStart..i], output[o..]);
            var length = 4;
            while (i + length < block.Length && block[i + length] == block[candidate + length])
            {
                length++;
            }

            o += EmitCopy(i - candidate, length, output[o..]);
            i += length;
            literalStart = i;
            if (i - 1 <= limit && i - 1 > 0)
            {
                table[Hash(BinaryPrimitives.ReadUInt32LittleEndian(block[(i - 1)..]))] = (ushort)(i - 1);
            }
        }

        if (literalStart < block.Length)
        {
            o += EmitLiteral(block[literalStart..], output[o..]);
        }

        return o;
    }

    private static int Hash(uint word) => (int)((word * 0x1E35A7BDu) >> (32 - HashBits));

    private static int EmitLiteral(ReadOnlySpan<byte> literal, Span<byte> output)
    {
        if (literal.IsEmpty)
        {
            return 0;
        }

        var n = literal.Length - 1;
        int o;
        if (n < 60)
        {
            output[0] = (byte)(n << 2);
            o = 1;
        }
        else
        {
            var bytes = n < (1 << 8) ? 1 : n < (1 << 16) ? 2 : n < (1 << 24) ? 3 : 4;
            output[0] = (byte)((59 + bytes) << 2);
            for (var b = 0; b < bytes; b++)
            {
                output[1 + b] = (byte)(n >> (8 * b));
            }

            o = 1 + bytes;
        }

        literal.CopyTo(output[o..]);
        return o + literal.Length;
    }

    private static int EmitCopy(int offset, int length, Span<byte> output)
    {
        var o = 0;
        while (length > 0)
        {
            // Keep at least 4 bytes for the last copy: a copy is 4..64 bytes long.
            var n = length > 64 ? (length - 64 >= 4 ? 64 : 60) : length;
            if (n < 12 && offset < 2048)
            {
                output[o++] = (byte)(1 | ((n - 4) << 2) | ((offset >> 8) << 5));
                output[o++] = (byte)offset;
            }
            else
            {
                output[o++] = (byte)(2 | ((n - 1) << 2));
                output[o++] = (byte)offset;
                output[o++] = (byte)(offset >> 8);
            }

            length -= n;
        }

        return o;
    }

    private static int WriteVarint(Span<byte> output, uint value)
    {
        var n = 0;
        while (value >= 0x80)
        {
            output[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        output[n++] = (byte)value;
        return n;
    }

    /// <summary>The uncompressed length announced by a compressed block.</summary>
    public static int GetUncompressedLength(ReadOnlySpan<byte> input) => (int)ReadVarint(input, out _);

    /// <summary>Decompresses a block into <paramref name="output"/>, which must be exactly the announced length.</summary>
    /// <exception cref="CorruptDataException">The data is malformed.</exception>
    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var expected = ReadVarint(input, out var i);
        if (expected != (uint)output.Length)
        {
            throw new CorruptDataException($"snappy block announces {expected} bytes, expected {output.Length}");
        }

        var o = 0;
        while (i < input.Length)
        {
            var tag = input[i++];
            int length, offset;
            switch (tag & 3)
            {
                case 0:
                    length = tag >> 2;
                    if (length >= 60)
                    {
                        var bytes = length - 59;
                        if (i + bytes > input.Length)
                        {
                            throw new CorruptDataException("snappy literal length past the end");
                        }

                        length = 0;
                        for (var b = 0; b < bytes; b++)
                        {
                            length |= input[i + b] << (8 * b);
                        }

                        i += bytes;
                    }

                    length++;
                    if (length <= 0 || i + length > input.Length || o + length > output.Length)
                    {
                        throw new CorruptDataException("snappy literal past the end");
                    }

                    input.Slice(i, length).CopyTo(output[o..]);
                    i += length;
                    o += length;
                    continue;
                case 1:
                    Need(input, i, 1);
                    length = ((tag >> 2) & 7) + 4;
                    offset = ((tag >> 5) << 8) | input[i];
                    i += 1;
                    break;
                case 2:
                    Need(input, i, 2);
                    length = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(input[i..]);
                    i += 2;
                    break;
                default:
                    Need(input, i, 4);
                    length = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadInt32LittleEndian(input[i..]);
                    i += 4;
                    break;
            }

            if (offset <= 0 || offset > o || o + length > output.Length)
            {
                throw new CorruptDataException($"snappy copy (offset {offset}, length {length}) outside the output");
            }

            if (offset >= length)
            {
                output.Slice(o - offset, length).CopyTo(output[o..]);
            }
            else
            {
                for (var k = 0; k < length; k++)
                {
                    output[o + k] = output[o - offset + k];
                }
            }

            o += length;
        }

        if (o != output.Length)
        {
            throw new CorruptDataException($"snappy block decodes to {o} bytes, expected {output.Length}");
        }
    }

    private static void Need(ReadOnlySpan<byte> input, int at, int bytes)
    {
        if (at + bytes > input.Length)
        {
            throw new CorruptDataException("snappy copy past the end");
        }
    }

    private static uint ReadVarint(ReadOnlySpan<byte> input, out int consumed)
    {
        uint result = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= input.Length)
            {
                throw new CorruptDataException("snappy length varint past the end");
            }

            var b = input[i];
            result |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                consumed = i + 1;
                return result;
            }
        }

        throw new CorruptDataException("snappy length varint too long");
    }
}
