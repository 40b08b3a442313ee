using System.Numerics;

namespace Sluice.Data.Profiling;

/// <summary>
/// HyperLogLog distinct-count estimate (Flajolet et al. 2007) with 2^14 one-byte registers and the linear-counting
/// correction for small cardinalities. Standard error ≈ 1.04 / √16384 ≈ 0.8%. Input hashes must be well mixed 64-bit values.
/// </summary>
internal sealed class HyperLogLog
{
    private const int Precision = 14;
    private const int RegisterCount = 1 << Precision;
    private readonly byte[] _registers = new byte[RegisterCount];

    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));
        var rest = (hash << Precision) | (1UL << (Precision - 1));
        var rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index])
        {
            _registers[index] = rank;
        }
    }

    public long Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += 1.0 / (1UL << r);
            zeros += r == 0 ? 1 : 0;
        }

        const double alpha = 0.7213 / (1 + (1.079 / RegisterCount));
        var raw = alpha * RegisterCount * RegisterCount / sum;
        if (raw <= 2.5 * RegisterCount && zeros > 0)
        {
            raw = RegisterCount * Math.Log((double)RegisterCount / zeros);
        }

        return (long)Math.Round(raw);
    }
}
