using System.Numerics;

namespace Sluice.Data.Anomalies;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Deterministic on every platform and
/// cheap to create, so each isolation tree gets its own generator derived from the forest seed and its index.
/// </summary>
internal struct Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>A generator for stream <paramref name="stream"/> of <paramref name="seed"/>; streams do not overlap in practice.</summary>
    public static Xoshiro256StarStar ForStream(ulong seed, int stream)
    {
        var state = seed ^ 0x6A09E667F3BCC909UL;
        var mixed = SplitMix64(ref state);
        return new Xoshiro256StarStar(mixed + ((ulong)stream * 0xD1B54A32D192ED03UL));
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) by multiply-shift (bias below 2⁻³² · bound).</summary>
    public int NextInt(int bound) => (int)(((NextUInt64() >> 32) * (ulong)bound) >> 32);

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
