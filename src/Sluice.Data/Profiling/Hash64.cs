using System.Buffers.Binary;
using System.Numerics;

namespace Sluice.Data.Profiling;

/// <summary>A 64-bit non-cryptographic hash (multiply-rotate mixing) for distinct counting; deterministic across runs.</summary>
internal static class Hash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;

    public static ulong Of(ReadOnlySpan<byte> data)
    {
        var h = Prime2 + (ulong)data.Length;
        while (data.Length >= 8)
        {
            h = Avalanche(h ^ (BinaryPrimitives.ReadUInt64LittleEndian(data) * Prime1));
            data = data[8..];
        }

        ulong tail = 0x80;
        for (var i = data.Length - 1; i >= 0; i--)
        {
            tail = (tail << 8) | data[i];
        }

        return Avalanche(h ^ (tail * Prime1));
    }

    public static ulong Of(ulong bits) => Avalanche(bits * Prime1 + Prime2);

    private static ulong Avalanche(ulong x)
    {
        x ^= x >> 33;
        x *= Prime2;
        x = BitOperations.RotateLeft(x, 31) * Prime1;
        return x ^ (x >> 29);
    }
}
