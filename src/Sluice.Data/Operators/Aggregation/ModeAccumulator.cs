using Sluice.Data.Columns;
using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>The most frequent non-null value per group, of any type; ties go to the value seen first (as DuckDB's mode).</summary>
internal sealed class ModeAccumulator(KeyEncoder encoder) : Accumulator(encoder.Type)
{
    // Per group: value code → (count, order of first appearance).
    private Dictionary<long, (long Count, long First)>[] _counts = [];
    private long _seen;

    public override void Update(Column? column, ReadOnlySpan<int> groups, int groupCount)
    {
        Ensure(ref _counts, groupCount, null!);
        var c = column!;
        var codes = Buffers.Rent<long>(c.Length);
        try
        {
            encoder.Encode(c, codes);
            for (var i = 0; i < groups.Length; i++)
            {
                if (c.IsNull(i))
                {
                    continue;
                }

                var counts = _counts[groups[i]] ??= [];
                ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, codes[i], out var exists);
                entry = exists ? (entry.Count + 1, entry.First) : (1, _seen++);
            }
        }
        finally
        {
            Buffers.Return(codes);
        }
    }

    public override Column Finish(int groupCount)
    {
        Ensure(ref _counts, groupCount, null!);
        var codes = new long[groupCount];
        var isNull = new bool[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            isNull[g] = _counts[g] is null;
            if (_counts[g] is { } counts)
            {
                var best = (Count: -1L, First: long.MaxValue);
                foreach (var (code, entry) in counts)
                {
                    if (entry.Count > best.Count || (entry.Count == best.Count && entry.First < best.First))
                    {
                        best = entry;
                        codes[g] = code;
                    }
                }
            }
        }

        return encoder.Decode(codes, isNull);
    }
}
