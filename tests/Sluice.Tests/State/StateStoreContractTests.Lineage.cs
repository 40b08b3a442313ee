using Sluice.Lineage;
using Sluice.State;

namespace Sluice.Tests.State;

public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task Lineage_CommittedWithTheBatch_ReadsBackByRunAndByDataset_AndGoesWithItsRun()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        await Store.CreateRunAsync(NewRun("r2"));
        var written = new LineageRecord
        {
            RunId = "r1", TaskId = "transform", Attempt = 2, Direction = LineageDirection.Write, Dataset = "/data/out.csv", Format = "csv", Kind = "artifact",
            Schema = [("id", "int64"), ("total", "decimal(2)")], Rows = 42, Fingerprint = "sha256:ab",
            Columns = new Dictionary<string, IReadOnlyList<ColumnOrigin>>
            {
                ["id"] = [new ColumnOrigin("/data/in.csv", "id", "identity")],
                ["total"] = [new ColumnOrigin("/data/in.csv", "amount", "aggregate: sum(amount)"), new ColumnOrigin("/data/in.csv", "qty", "aggregate: sum(amount)")],
            },
            RecordedAt = T0,
        };
        var read = new LineageRecord { RunId = "r1", TaskId = "transform", Attempt = 2, Direction = LineageDirection.Read, Dataset = "/data/in.csv", Format = "csv", Kind = "source", RecordedAt = T0 };
        var later = read with { RunId = "r2", TaskId = "other", MapIndex = 3, Attempt = 1, RecordedAt = T0.AddHours(1) };
        var batch = new StateBatch();
        batch.Lineage.AddRange([written, read]);
        await Store.CommitAsync(batch);
        batch = new StateBatch();
        batch.Lineage.Add(later);
        await Store.CommitAsync(batch);

        var byRun = await Store.GetLineageAsync(new LineageQuery(RunId: "r1"));
        byRun.Count.ShouldBe(2);
        var w = byRun.Single(r => r.Direction == LineageDirection.Write);
        w.Schema.ShouldBe([("id", "int64"), ("total", "decimal(2)")]);
        (w.Rows, w.Fingerprint, w.Attempt, w.Kind, w.RecordedAt).ShouldBe((42L, "sha256:ab", 2, "artifact", T0));
        w.Columns["total"].ShouldBe([new ColumnOrigin("/data/in.csv", "amount", "aggregate: sum(amount)"), new ColumnOrigin("/data/in.csv", "qty", "aggregate: sum(amount)")]);

        var byDataset = await Store.GetLineageAsync(new LineageQuery(Dataset: "/data/in.csv"));
        byDataset.Select(r => (r.RunId, r.TaskId, r.MapIndex)).ShouldBe([("r2", "other", 3), ("r1", "transform", -1)]); // newest first

        await ((Sluice.Retention.IRetentionStore)Store).DeleteRunsAsync(["r1"]);
        (await Store.GetLineageAsync(new LineageQuery(RunId: "r1"))).ShouldBeEmpty();
        (await Store.GetLineageAsync(new LineageQuery(Dataset: "/data/in.csv"))).Count.ShouldBe(1);
    }
}
