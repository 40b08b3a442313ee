using Sluice.Data.Batches;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators.Aggregation;

/// <summary>count(*) or count(column).</summary>
internal sealed class CountAccumulator(bool countAll) : Accumulator(DataType.Int64)
{
    private long[] _counts = [];

    public override void Update(Column? column, ReadOnlySpan<int> groups, int groupCount)
    {
        Ensure(ref _counts, groupCount, 0L);
        var counts = _counts;
        if (countAll || column!.Validity is null)
        {
            foreach (var g in groups)
            {
                counts[g]++;
            }

            return;
        }

        for (var i = 0; i < groups.Length; i++)
        {
            counts[groups[i]] += column.IsNull(i) ? 0 : 1;
        }
    }

    public override Accumulator? CreatePartial() => new CountAccumulator(countAll);

    public override void Merge(Accumulator partial, ReadOnlySpan<int> map, int groupCount)
    {
        var p = (CountAccumulator)partial;
        Ensure(ref _counts, groupCount, 0L);
        Ensure(ref p._counts, map.Length, 0L);
        for (var g = 0; g < map.Length; g++)
        {
            _counts[map[g]] += p._counts[g];
        }
    }

    public override Column Finish(int groupCount)
    {
        Ensure(ref _counts, groupCount, 0L);
        return Build(DataType.Int64, _counts, null, groupCount);
    }
}
