using Sluice.Data.Batches;

namespace Sluice.Data.Operators.Sorting;

/// <summary>Compares rows by key columns: numbers numerically, strings by ordinal bytes, nulls after values (before when descending).</summary>
internal sealed class SortKeys(int[] columns, bool[] descending)
{
    /// <summary>Compares row <paramref name="i"/> of <paramref name="a"/> with row <paramref name="j"/> of <paramref name="b"/> (same schema).</summary>
    public int Compare(RecordBatch a, int i, RecordBatch b, int j)
    {
        for (var k = 0; k < columns.Length; k++)
        {
            var c = ValueComparer.Compare(a.Column(columns[k]), i, b.Column(columns[k]), j);
            if (c != 0)
            {
                return descending[k] ? -c : c;
            }
        }

        return 0;
    }

    /// <summary>
    /// The rows of <paramref name="batches"/> in sorted order, each packed as batch &lt;&lt; 32 | row. Ties keep input
    /// order, so the sort is stable.
    /// </summary>
    public long[] Order(IReadOnlyList<RecordBatch> batches)
    {
        var total = 0L;
        foreach (var b in batches)
        {
            total += b.RowCount;
        }

        var order = new long[total];
        var at = 0;
        for (var bi = 0; bi < batches.Count; bi++)
        {
            for (var r = 0; r < batches[bi].RowCount; r++)
            {
                order[at++] = ((long)bi << 32) | (uint)r;
            }
        }

        Array.Sort(order, (x, y) =>
        {
            var c = Compare(batches[(int)(x >> 32)], (int)x, batches[(int)(y >> 32)], (int)y);
            return c != 0 ? c : x.CompareTo(y);
        });
        return order;
    }
}
