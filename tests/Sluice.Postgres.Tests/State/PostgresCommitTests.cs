using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;

namespace Sluice.Postgres.Tests.State;

[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresCommitTests(PostgresFixture server) : IAsyncLifetime
{
    private PostgresStateStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = await server.CreateDatabaseAsync() });
        await _store.InitializeAsync();
        await _store.CreateRunAsync(Records.Run("r1"));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Commit_TenThousandMappedRows_StoresEveryRowWithItsOutputs()
    {
        var batch = new StateBatch();
        batch.Tasks.Add(Records.Task("r1", "m", state: TaskState.Running) with { MapCount = 10_000 });
        for (var i = 0; i < 10_000; i++)
        {
            batch.Tasks.Add(Records.Task("r1", "m", i) with { OutputsJson = $"{{\"i\":{i}}}" });
            batch.Attempts.Add(new AttemptRecord("r1", "m", i, 1, TaskState.Succeeded, Records.T0, Records.T0.AddSeconds(1), null, "w"));
        }
        await _store.CommitAsync(batch);

        var rows = await _store.GetTaskInstancesAsync("r1");
        rows.Count.ShouldBe(10_001);
        rows[0].MapCount.ShouldBe(10_000);
        rows[^1].MapIndex.ShouldBe(9_999);
        rows[^1].OutputsJson.ShouldBe("{\"i\":9999}");
        (await _store.GetAttemptsAsync("r1", "m")).Count.ShouldBe(10_000);
    }

    [Fact]
    public async Task Commit_SameKeyTwiceInOneBatch_LastSnapshotWins()
    {
        var batch = new StateBatch();
        batch.Tasks.Add(Records.Task("r1", "t", state: TaskState.Running));
        batch.Tasks.Add(Records.Task("r1", "t", state: TaskState.Failed) with { Error = "boom" });
        batch.Runs.Add(Records.Run("r1") with { State = RunState.Running });
        batch.Runs.Add(Records.Run("r1") with { State = RunState.Failed, Error = "t failed" });
        await _store.CommitAsync(batch);

        var row = (await _store.GetTaskInstancesAsync("r1")).ShouldHaveSingleItem();
        row.State.ShouldBe(TaskState.Failed);
        row.Error.ShouldBe("boom");
        (await _store.GetRunAsync("r1"))!.Error.ShouldBe("t failed");
    }

    [Fact]
    public async Task Commit_RepeatedWithSameCommitId_WritesLogLinesOnce()
    {
        // What a retry does when the first attempt committed but its acknowledgement was lost.
        var batch = new StateBatch();
        batch.Logs.Add(Records.Log("r1", "t", "one"));
        batch.Logs.Add(Records.Log("r1", "t", "two"));
        var id = Guid.NewGuid();
        (await _store.CommitAsync(batch, id, CancellationToken.None)).ShouldBeTrue();
        (await _store.CommitAsync(batch, id, CancellationToken.None)).ShouldBeFalse();
        await _store.CommitAsync(batch);

        (await _store.GetLogsAsync("r1")).Select(l => l.Text).ShouldBe(["one", "two", "one", "two"]);
    }

    [Fact]
    public async Task Timestamps_WithNonUtcOffset_RoundTripAsTheSameInstant()
    {
        var local = new DateTimeOffset(2026, 3, 1, 14, 30, 0, TimeSpan.FromHours(2)).AddTicks(1230);
        var batch = new StateBatch();
        batch.Tasks.Add(Records.Task("r1", "t") with { StartedAt = local });
        await _store.CommitAsync(batch);

        var started = (await _store.GetTaskInstancesAsync("r1")).ShouldHaveSingleItem().StartedAt!.Value;
        started.ShouldBe(local);
        started.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task ListRuns_OrdersIdsBytewise_WhateverTheServerLocale()
    {
        foreach (var id in new[] { "run-B", "run-a", "run-_" })
        {
            await _store.CreateRunAsync(Records.Run(id));
        }
        (await _store.ListRunsAsync(new RunQuery(Limit: 3))).Select(r => r.RunId).ShouldBe(["run-a", "run-_", "run-B"]);
    }
}
