using System.Buffers.Binary;
using System.Numerics;

namespace Sluice.Data.Columns;

/// <summary>A fast non-cryptographic hash of short byte strings and 64-bit keys (multiply-xorshift mixing).</summary>
internal static class ByteHash
{
    private const ulong K0 = 0x9E3779B97F4A7C15UL;
    private const ulong K1 = 0xC2B2AE3D27D4EB4FUL;

    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        var h = K1 ^ ((ulong)data.Length * K0);
        while (data.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        if (data.Length > 0)
        {
            ulong tail = 0;
            for (var i = 0; i < data.Length; i++)
            {
                tail |= (ulong)data[i] << (8 * i);
            }

            h = Mix(h ^ tail ^ 0xFF);
        }

        return Mix(h);
    }

    public static ulong Hash(long key) => Mix((ulong)key ^ K1);

    private static ulong Mix(ulong x)
    {
        x *= K0;
        x ^= BitOperations.RotateRight(x, 29);
        x *= K1;
        return x ^ (x >> 32);
    }
}
