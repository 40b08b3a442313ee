using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>
/// The base of exact order statistics (median, quantiles): keeps every non-null value of each group — float64 values
/// as doubles, the others as their 64-bit representation — for <c>Finish</c> to select from.
/// </summary>
internal abstract class CollectingAccumulator(DataType resultType) : Accumulator(resultType)
{
    /// <summary>Per group, the integer-like values (null when the group had none).</summary>
    protected List<long>[] Longs = [];

    /// <summary>Per group, the float64 values (null when the group had none).</summary>
    protected List<double>[] Doubles = [];

    public sealed override void Update(Column? column, ReadOnlySpan<int> groups, int groupCount)
    {
        var c = column!;
        if (c is PrimitiveColumn<double> d)
        {
            Ensure(ref Doubles, groupCount, null!);
            for (var i = 0; i < groups.Length; i++)
            {
                if (!c.IsNull(i))
                {
                    (Doubles[groups[i]] ??= []).Add(d.Values[i]);
                }
            }

            return;
        }

        Ensure(ref Longs, groupCount, null!);
        for (var i = 0; i < groups.Length; i++)
        {
            if (!c.IsNull(i))
            {
                (Longs[groups[i]] ??= []).Add(LongAt(c, i));
            }
        }
    }
}
