using Sluice.Data.Columns;

namespace Sluice.Data.Tests.Columns;

/// <summary>
/// Gather copies runs of consecutive rows as blocks; every row pattern must give the same values and nulls as reading
/// the rows one by one.
/// </summary>
public sealed class GatherTests
{
    private static readonly int[][] Patterns =
    [
        [],
        [0],
        [5, 6, 7, 8, 9],
        [0, 1, 2, 4, 5, 9, 3, 3, 3, 8],
        [-1, 0, 1, -1, -1, 2, 3, 9],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
        [1, 2, 3, -1, 4, 5, 6, 0, 1, 2],
    ];

    private static readonly string?[] Strings = ["a", "", null, "dddd", "ee", null, "ggggggg", "", "i", "jj"];

    [Fact]
    public void StringGather_AnyPattern_EqualsRowByRow()
    {
        using var column = StringColumn.Create(Strings);
        foreach (var rows in Patterns.Concat(RandomPatterns(Strings.Length)))
        {
            using var gathered = (StringColumn)column.Gather(rows);
            Assert.Equal(rows.Length, gathered.Length);
            for (var i = 0; i < rows.Length; i++)
            {
                var expected = rows[i] < 0 ? null : Strings[rows[i]];
                Assert.Equal(expected, gathered.GetValue(i));
            }
        }
    }

    [Fact]
    public void PrimitiveGather_AnyPattern_EqualsRowByRow()
    {
        long?[] values = [10, null, 12, 13, 14, 15, null, 17, 18, 19];
        using var column = ColumnFactory.Int64(values);
        using var noNulls = ColumnFactory.Int64([.. Enumerable.Range(0, 10).Select(static i => (long?)i * 3)]);
        foreach (var rows in Patterns.Concat(RandomPatterns(values.Length)))
        {
            using var gathered = (PrimitiveColumn<long>)column.Gather(rows);
            using var plain = (PrimitiveColumn<long>)noNulls.Gather(rows);
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.Equal(rows[i] < 0 ? null : values[rows[i]], gathered.GetValue(i));
                Assert.Equal(rows[i] < 0 ? null : (object)(rows[i] * 3L), plain.GetValue(i));
            }

            // A column without nulls gathers without a validity mask unless a row is missing.
            Assert.Equal(rows.Any(static r => r < 0), plain.Validity is not null);
        }
    }

    private static IEnumerable<int[]> RandomPatterns(int n)
    {
        var random = new Random(17);
        for (var p = 0; p < 50; p++)
        {
            var rows = new List<int>();
            var length = random.Next(0, 30);
            while (rows.Count < length)
            {
                // Mostly ascending runs, sometimes a jump, a repeat or a missing row.
                var start = random.Next(-1, n);
                var run = start < 0 ? 1 : random.Next(1, n - start + 1);
                rows.AddRange(Enumerable.Range(start, run));
            }

            yield return [.. rows];
        }
    }
}
