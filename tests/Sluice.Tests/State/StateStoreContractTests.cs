using Sluice.State;

namespace Sluice.Tests.State;

/// <summary>The behaviour every state store must have. Subclassed once per implementation.</summary>
public abstract partial class StateStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected IStateStore Store { get; private set; } = null!;

    protected abstract Task<IStateStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync();
    }

    public async Task DisposeAsync() => await Store.DisposeAsync();

    private static RunRecord NewRun(string id, string pipeline = "p", RunState state = RunState.Queued) => new()
    {
        RunId = id, PipelineId = pipeline, VersionHash = "h1", State = state, CreatedAt = T0, InputsJson = "{\"a\":1}",
    };

    [Fact]
    public async Task Initialize_Twice_IsIdempotent()
    {
        await Store.InitializeAsync();
        await Store.CreateRunAsync(NewRun("r1"));
        (await Store.GetRunAsync("r1")).ShouldNotBeNull();
    }

    [Fact]
    public async Task PipelineVersion_SavedTwice_KeepsFirst()
    {
        var v = new PipelineVersionRecord("p", "abc", "P", "1.0", "id: p", "/x.yaml", T0);
        await Store.SavePipelineVersionAsync(v);
        await Store.SavePipelineVersionAsync(v with { SourceText = "changed" });
        var got = await Store.GetPipelineVersionAsync("p", "abc");
        got.ShouldBe(v);
        (await Store.GetPipelineVersionAsync("p", "other")).ShouldBeNull();
    }

    [Fact]
    public async Task PipelineVersions_ListedNewestFirst_OnlyThePipelines_UpToTheLimit()
    {
        await Store.SavePipelineVersionAsync(new PipelineVersionRecord("p", "h-old", "P", null, "id: p", "/p.yaml", T0));
        await Store.SavePipelineVersionAsync(new PipelineVersionRecord("p", "h-new", "P", "2", "id: p\nname: P", "/p.yaml", T0.AddHours(1)));
        await Store.SavePipelineVersionAsync(new PipelineVersionRecord("q", "h-q", "Q", null, "id: q", null, T0.AddHours(2)));

        var list = await Store.ListPipelineVersionsAsync("p", 10);
        list.Select(v => v.Hash).ShouldBe(["h-new", "h-old"]);
        list[0].ShouldBe(new PipelineVersionRecord("p", "h-new", "P", "2", "id: p\nname: P", "/p.yaml", T0.AddHours(1)));
        (await Store.ListPipelineVersionsAsync("p", 1)).Single().Hash.ShouldBe("h-new");
        (await Store.ListPipelineVersionsAsync("none", 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task TaskInstance_RetryBase_RoundTrips_AndARowWrittenWithoutItKeepsIt()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        var row = new TaskInstanceRecord { RunId = "r1", TaskId = "t", State = TaskState.Pending, Attempt = 3, RetryBase = 3 };
        var batch = new StateBatch();
        batch.Tasks.Add(row);
        await Store.CommitAsync(batch);
        (await Store.GetTaskInstancesAsync("r1")).Single().RetryBase.ShouldBe(3);

        // The executor writes its rows without knowing the base; the stored one stays.
        var next = new StateBatch();
        next.Tasks.Add(row with { State = TaskState.Running, Attempt = 4, RetryBase = 0, StartedAt = T0 });
        await Store.CommitAsync(next);
        var got = (await Store.GetTaskInstancesAsync("r1")).Single();
        (got.Attempt, got.RetryBase, got.State).ShouldBe((4, 3, TaskState.Running));
    }

    [Fact]
    public async Task Run_RoundTrips_AllFields()
    {
        var run = NewRun("r1") with { LogicalDate = T0.AddDays(-1), Trigger = "cron", LeaseOwner = "me", LeaseExpiresAt = T0.AddSeconds(30) };
        await Store.CreateRunAsync(run);
        (await Store.GetRunAsync("r1")).ShouldBe(run);
        (await Store.GetRunAsync("missing")).ShouldBeNull();
    }

    [Fact]
    public async Task CreateRun_DuplicateId_Throws()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        await Should.ThrowAsync<Exception>(() => Store.CreateRunAsync(NewRun("r1")));
    }

    [Fact]
    public async Task ListRuns_NewestFirst_FiltersAndPages()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Store.CreateRunAsync(NewRun($"r{i}", i % 2 == 0 ? "even" : "odd", i == 5 ? RunState.Failed : RunState.Succeeded));
        }
        (await Store.ListRunsAsync(new RunQuery())).Select(r => r.RunId).ShouldBe(["r5", "r4", "r3", "r2", "r1"]);
        (await Store.ListRunsAsync(new RunQuery(PipelineId: "odd"))).Select(r => r.RunId).ShouldBe(["r5", "r3", "r1"]);
        (await Store.ListRunsAsync(new RunQuery(State: RunState.Failed))).Select(r => r.RunId).ShouldBe(["r5"]);
        var page1 = await Store.ListRunsAsync(new RunQuery(Limit: 2));
        page1.Select(r => r.RunId).ShouldBe(["r5", "r4"]);
        var page2 = await Store.ListRunsAsync(new RunQuery(Limit: 2, BeforeRunId: page1[^1].RunId));
        page2.Select(r => r.RunId).ShouldBe(["r3", "r2"]);
    }

    [Fact]
    public async Task Lease_HeldByOther_IsRefusedUntilExpiry()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        (await Store.TryAcquireRunLeaseAsync("r1", "a", T0, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        (await Store.TryAcquireRunLeaseAsync("r1", "b", T0.AddSeconds(10), TimeSpan.FromSeconds(30))).ShouldBeFalse();
        (await Store.RenewRunLeaseAsync("r1", "b", T0.AddSeconds(10), TimeSpan.FromSeconds(30))).ShouldBeFalse();
        (await Store.RenewRunLeaseAsync("r1", "a", T0.AddSeconds(20), TimeSpan.FromSeconds(30))).ShouldBeTrue();
        (await Store.TryAcquireRunLeaseAsync("r1", "b", T0.AddSeconds(45), TimeSpan.FromSeconds(30))).ShouldBeFalse();
        (await Store.TryAcquireRunLeaseAsync("r1", "b", T0.AddSeconds(51), TimeSpan.FromSeconds(30))).ShouldBeTrue();
        (await Store.GetRunAsync("r1"))!.LeaseOwner.ShouldBe("b");
    }

    [Fact]
    public async Task Lease_StealFromNamedDeadOwner_Succeeds_AndReleaseFreesIt()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        (await Store.TryAcquireRunLeaseAsync("r1", "a", T0, TimeSpan.FromMinutes(5))).ShouldBeTrue();
        (await Store.TryAcquireRunLeaseAsync("r1", "b", T0, TimeSpan.FromMinutes(5), stealFrom: "someone-else")).ShouldBeFalse();
        (await Store.TryAcquireRunLeaseAsync("r1", "b", T0, TimeSpan.FromMinutes(5), stealFrom: "a")).ShouldBeTrue();
        await Store.ReleaseRunLeaseAsync("r1", "b");
        (await Store.GetRunAsync("r1"))!.LeaseOwner.ShouldBeNull();
        (await Store.TryAcquireRunLeaseAsync("r1", "c", T0, TimeSpan.FromMinutes(5))).ShouldBeTrue();
    }

    [Fact]
    public async Task Commit_LaterSnapshotReplacesEarlier_AndRunStateUpdates()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        var running = new TaskInstanceRecord { RunId = "r1", TaskId = "t", State = TaskState.Running, Attempt = 1, StartedAt = T0 };
        var batch = new StateBatch();
        batch.Tasks.Add(running);
        batch.Attempts.Add(new AttemptRecord("r1", "t", -1, 1, TaskState.Running, T0, null, null, "w"));
        batch.Runs.Add(NewRun("r1", state: RunState.Running) with { StartedAt = T0 });
        await Store.CommitAsync(batch);

        var done = new StateBatch();
        done.Tasks.Add(running with { State = TaskState.Succeeded, EndedAt = T0.AddSeconds(1), OutputsJson = "{\"x\":2}" });
        done.Attempts.Add(new AttemptRecord("r1", "t", -1, 1, TaskState.Succeeded, T0, T0.AddSeconds(1), null, "w"));
        await Store.CommitAsync(done);

        var tasks = await Store.GetTaskInstancesAsync("r1");
        tasks.Count.ShouldBe(1);
        tasks[0].State.ShouldBe(TaskState.Succeeded);
        tasks[0].OutputsJson.ShouldBe("{\"x\":2}");
        var attempts = await Store.GetAttemptsAsync("r1");
        attempts.ShouldHaveSingleItem().EndedAt.ShouldBe(T0.AddSeconds(1));
        (await Store.GetRunAsync("r1"))!.State.ShouldBe(RunState.Running);
    }

    [Fact]
    public async Task Commit_FailingRecord_WritesNothingOfTheBatch()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        var batch = new StateBatch();
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r1", TaskId = "good", State = TaskState.Succeeded, OutputsJson = "{}" });
        batch.Logs.Add(new LogRecord(0, "r1", "good", -1, 1, T0, "stdout", "hello"));
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r1", TaskId = null!, State = TaskState.Succeeded });
        await Should.ThrowAsync<Exception>(() => Store.CommitAsync(batch));
        (await Store.GetTaskInstancesAsync("r1")).ShouldBeEmpty();
        (await Store.GetLogsAsync("r1")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Logs_AreOrdered_FilteredByTask_AndPagedBySequence()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        var batch = new StateBatch();
        for (var i = 0; i < 5; i++)
        {
            batch.Logs.Add(new LogRecord(0, "r1", i % 2 == 0 ? "a" : "b", -1, 1, T0.AddSeconds(i), "stdout", $"line {i}"));
        }
        await Store.CommitAsync(batch);
        var all = await Store.GetLogsAsync("r1");
        all.Select(l => l.Text).ShouldBe(["line 0", "line 1", "line 2", "line 3", "line 4"]);
        all.Select(l => l.Sequence).ShouldBeInOrder(SortDirection.Ascending);
        (await Store.GetLogsAsync("r1", "a")).Select(l => l.Text).ShouldBe(["line 0", "line 2", "line 4"]);
        (await Store.GetLogsAsync("r1", afterSequence: all[2].Sequence)).Select(l => l.Text).ShouldBe(["line 3", "line 4"]);
    }

    [Fact]
    public async Task MappedInstances_AreStoredPerItem()
    {
        await Store.CreateRunAsync(NewRun("r1"));
        var batch = new StateBatch();
        batch.Tasks.Add(new TaskInstanceRecord { RunId = "r1", TaskId = "m", MapIndex = -1, State = TaskState.Running, MapCount = 3 });
        for (var i = 0; i < 3; i++)
        {
            batch.Tasks.Add(new TaskInstanceRecord { RunId = "r1", TaskId = "m", MapIndex = i, State = TaskState.Succeeded, Attempt = 1, OutputsJson = $"{{\"i\":{i}}}" });
        }
        await Store.CommitAsync(batch);
        var rows = await Store.GetTaskInstancesAsync("r1");
        rows.Select(r => r.MapIndex).ShouldBe([-1, 0, 1, 2]);
        rows[0].MapCount.ShouldBe(3);
        rows[3].OutputsJson.ShouldBe("{\"i\":2}");
    }
}
