using Sluice.Data.Operators.Keys;

namespace Sluice.Data.Tests.Operators.Keys;

/// <summary>
/// The single-key table against a dictionary, over key patterns that keep it hashing, move it to direct indexing,
/// widen the direct array in both directions and push it back to hashing: ids (first-seen order), lookups and
/// decoded keys must be the same whatever the mode.
/// </summary>
public sealed class GroupKeyTableTests
{
    [Theory]
    [InlineData("ascending", true)]
    [InlineData("descending", true)]
    [InlineData("shuffled_dense", true)]
    [InlineData("ascending_with_repeats", true)]
    [InlineData("sparse", false)]
    [InlineData("dense_then_outlier", false)]
    [InlineData("extremes", false)]
    [InlineData("dense_then_far_below", false)]
    public void SingleKey_AssignsFirstSeenIds_FindsAndDecodes_LikeADictionary(string pattern, bool endsDirect)
    {
        var keys = Keys(pattern);
        var table = new GroupKeyTable(1);
        var expected = new Dictionary<long, int>();
        foreach (var k in keys)
        {
            if (!expected.TryGetValue(k, out var id))
            {
                id = expected.Count;
                expected[k] = id;
            }

            table.GetOrAdd(k).ShouldBe(id, $"key {k}");
        }

        table.Count.ShouldBe(expected.Count);
        table.IsDirect.ShouldBe(endsDirect);
        foreach (var (k, id) in expected)
        {
            table.Find(k).ShouldBe(id);
        }

        // Keys never added are not found, just outside and inside the seen range.
        foreach (var probe in new[] { expected.Keys.Min() - 1, expected.Keys.Max() + 1, 123_456_789_123L })
        {
            if (!expected.ContainsKey(probe))
            {
                table.Find(probe).ShouldBe(-1);
            }
        }

        Span<long> value = stackalloc long[1];
        foreach (var (k, id) in expected)
        {
            table.GetKey(id, value).ShouldBe(0UL);
            value[0].ShouldBe(k);
        }
    }

    [Fact]
    public void NullKey_SharesOneId_InEveryMode()
    {
        var table = new GroupKeyTable(1);
        Span<long> key = stackalloc long[1];
        table.GetOrAdd(key, 1UL).ShouldBe(0);
        for (var k = 0L; k < 10_000; k++)
        {
            table.GetOrAdd(1000 + k).ShouldBe((int)k + 1);
        }

        table.IsDirect.ShouldBeTrue();

        table.GetOrAdd(key, 1UL).ShouldBe(0);
        table.Find(key, 1UL).ShouldBe(0);
        table.GetOrAdd(long.MaxValue).ShouldBe(10_001); // leaves direct indexing
        table.GetOrAdd(key, 1UL).ShouldBe(0);
        table.Find(5000).ShouldBe(4001);
        table.GetKey(0, key).ShouldBe(1UL);
    }

    [Fact]
    public void CompositeKey_AcrossPagesAndGrowth_AssignsFirstSeenIds_FindsAndDecodes_LikeADictionary()
    {
        // Three columns, some values null (mask bit set, value ignored): 30,000 distinct keys fill several key pages and
        // double the slots many times; each is asked for again with a hash the caller computed and without.
        var random = new Random(11);
        var table = new GroupKeyTable(3);
        var expected = new Dictionary<(long, long, long, ulong), int>();
        Span<long> key = stackalloc long[3];
        Span<long> back = stackalloc long[3];
        for (var i = 0; i < 60_000; i++)
        {
            var mask = random.Next(10) == 0 ? (ulong)random.Next(1, 8) : 0UL;
            key[0] = random.Next(60);
            key[1] = random.Next(25) - 12;
            key[2] = random.Next(40) * 1_000_000_007L;
            var normal = ((mask & 1) != 0 ? 0 : key[0], (mask & 2) != 0 ? 0 : key[1], (mask & 4) != 0 ? 0 : key[2], mask);
            if (!expected.TryGetValue(normal, out var id))
            {
                id = expected.Count;
                expected[normal] = id;
            }

            if ((mask & 1) != 0)
            {
                key[0] = random.Next(); // a null's stored value must not matter
            }

            (i % 2 == 0 ? table.GetOrAdd(key, mask) : table.GetOrAdd(key, mask, GroupKeyTable.HashOf(key, mask))).ShouldBe(id);
        }

        table.Count.ShouldBe(expected.Count);
        foreach (var ((a, b, c, mask), id) in expected)
        {
            key[0] = a;
            key[1] = b;
            key[2] = c;
            table.Find(key, mask).ShouldBe(id);
            table.GetKey(id, back).ShouldBe(mask);
            back.ToArray().ShouldBe(key.ToArray());
        }

        key[0] = 61;
        table.Find(key, 0).ShouldBe(-1);
    }

    private static List<long> Keys(string pattern)
    {
        var random = new Random(7);
        const int n = 50_000;
        switch (pattern)
        {
            case "ascending":
                return [.. Enumerable.Range(0, n).Select(i => 5_000_000_000L + i)];
            case "descending":
                return [.. Enumerable.Range(0, n).Select(i => 9_000_000L - i)];
            case "shuffled_dense":
                return [.. Enumerable.Range(1, n).Select(i => (long)i).OrderBy(_ => random.Next())];
            case "ascending_with_repeats":
                var list = new List<long>();
                for (var i = 0; i < n; i++)
                {
                    list.Add(random.Next(200) == 0 && list.Count > 0 ? list[random.Next(list.Count)] : 5_000_000_000L + i);
                }

                return list;
            case "sparse":
                return [.. Enumerable.Range(0, n).Select(_ => random.NextInt64())];
            case "dense_then_outlier":
                return [.. Enumerable.Range(0, n).Select(i => (long)i).Append(long.MaxValue - 3).Concat(Enumerable.Range(n, 100).Select(i => (long)i))];
            case "extremes":
                return [.. Enumerable.Range(0, 5000).Select(i => long.MaxValue - i).Append(long.MinValue).Append(0).Append(long.MaxValue)];
            case "dense_then_far_below":
                return [.. Enumerable.Range(0, n).Select(i => long.MinValue + 10 + i).Append(long.MinValue).Concat(Enumerable.Range(0, n).Select(i => 3L * i))];
            default:
                throw new ArgumentException(pattern);
        }
    }
}
