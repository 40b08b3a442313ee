using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Execution;
using Sluice.Data.Execution.Spill;

namespace Sluice.Data.Tests.Execution.Spill;

public sealed class BatchSpoolTests
{
    private static readonly Schema S = new(new Field("n", DataType.Int64), new Field("s", DataType.String));

    private static RecordBatch Batch(int from, int rows) => new(S,
        [ColumnFactory.Int64([.. Enumerable.Range(from, rows).Select(i => i % 5 == 0 ? null : (long?)i)]),
         ColumnFactory.String([.. Enumerable.Range(from, rows).Select(i => "s" + i)])], rows);

    private static List<long?> Values(IEnumerable<RecordBatch> batches)
    {
        var values = new List<long?>();
        foreach (var b in batches)
        {
            using (b)
            {
                for (var r = 0; r < b.RowCount; r++)
                {
                    values.Add((long?)b.Column(0).GetValue(r));
                    b.Column(1).GetValue(r).ShouldBe("s" + (values.Count - 1));
                }
            }
        }

        return values;
    }

    [Fact]
    public void Replay_SomeBatchesSpilled_ReturnsAllInOrderAndReleasesBudget()
    {
        using var dir = new TempDir();
        using var one = Batch(0, 10);
        var budget = new MemoryBudget(BatchSize.Of(one) * 2 + 10, dir.Path);
        using var spool = new BatchSpool(S, budget);
        for (var i = 0; i < 6; i++)
        {
            spool.Add(Batch(i * 10, 10));
        }

        spool.SpilledCount.ShouldBe(4);
        spool.InMemory(0).ShouldBeTrue();
        spool.InMemory(2).ShouldBeFalse();
        budget.BytesSpilled.ShouldBeGreaterThan(0);
        Directory.GetFiles(dir.Path).Length.ShouldBe(1);
        Values(spool.Replay()).ShouldBe(Enumerable.Range(0, 60).Select(i => i % 5 == 0 ? null : (long?)i));
        budget.Reserved.ShouldBe(0);
    }

    [Fact]
    public void Add_ZeroBudget_SpillsEverythingEvenEmptyBatches()
    {
        using var dir = new TempDir();
        var budget = new MemoryBudget(0, dir.Path);
        using var spool = new BatchSpool(S, budget);
        spool.Add(Batch(0, 3));
        spool.Add(RecordBatch.Empty(S));
        spool.Add(Batch(3, 2));
        spool.SpilledCount.ShouldBe(3);
        Values(spool.Replay()).Count.ShouldBe(5);
    }

    [Fact]
    public void Dispose_PartlyReplayed_DeletesFileAndReleasesBudget()
    {
        using var dir = new TempDir();
        using var one = Batch(0, 10);
        var budget = new MemoryBudget(BatchSize.Of(one) + 10, dir.Path);
        var spool = new BatchSpool(S, budget);
        spool.Add(Batch(0, 10));
        spool.Add(Batch(10, 10));
        spool.Add(Batch(20, 10));
        File.Exists(spool.FilePath).ShouldBeTrue();
        spool.Take(0).Dispose();
        spool.Take(1).Dispose();
        spool.Dispose();
        Directory.GetFiles(dir.Path).ShouldBeEmpty();
        budget.Reserved.ShouldBe(0);
    }

    [Fact]
    public void Take_Twice_Throws()
    {
        using var spool = new BatchSpool(S, MemoryBudget.Unlimited);
        spool.Add(Batch(0, 1));
        spool.Take(0).Dispose();
        Should.Throw<InvalidOperationException>(() => spool.Take(0));
    }
}
