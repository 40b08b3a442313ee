using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Distributed;
using Sluice.Sqlite;
using Sluice.State;
using Sluice.Stores;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Sqlite.Distributed;

/// <summary>
/// Distributed runs on the SQLite store: what only the distributed engine has (lost leases). Run semantics are in
/// <see cref="Tests.Distributed.SqliteDistributedSemanticsTests"/>.
/// </summary>
public sealed class SqliteDistributedRunTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private static readonly PipelineVersionRecord Version = new("p", "h1", null, null, "{}", null, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory _dir = new();
    private SluiceStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(_dir.File("dist.db"));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Claim_OnlyOneRunsTask_LeavesEveryOtherReadyItem()
    {
        // Two runs with the same two ready roots: a claim limited to run 2's task 'b' (sluice task run) takes only that.
        var pipeline = new PipelineDefinition { Id = "p", Tasks = [new TaskDefinition { Id = "a", Action = "noop" }, new TaskDefinition { Id = "b", Action = "noop" }] };
        var runs = new DistributedRuns(_store, Options(pipeline, BuiltInActions.CreateRegistry()));
        await runs.StartAsync(pipeline, Version, new Dictionary<string, object?>(), runId: "r1");
        await runs.StartAsync(pipeline, Version, new Dictionary<string, object?>(), runId: "r2");

        var claimed = await _store.Work.ClaimAsync(new ClaimRequest("one:1:x", 10, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), Only: new TaskSelector("r2", "b")));

        claimed.Select(static c => (c.RunId, c.TaskId)).ShouldBe([("r2", "b")]);
        (await _store.Work.ClaimAsync(new ClaimRequest("any:1:x", 10, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)))).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Lease_WorkerDiesHoldingATask_TaskIsRetriedElsewhereAfterExpiryCountingTheLostAttempt()
    {
        var pipeline = new PipelineDefinition { Id = "p", Tasks = [new TaskDefinition { Id = "t", Action = "noop" }] };
        var options = Options(pipeline, BuiltInActions.CreateRegistry()) with { LeaseDuration = TimeSpan.FromMilliseconds(300), ReapInterval = TimeSpan.FromMilliseconds(100) };
        var run = await new DistributedRuns(_store, options).StartAsync(pipeline, Version, new Dictionary<string, object?>());
        // A "worker" that claims the task and dies: it never renews nor completes.
        var claimed = await _store.Work.ClaimAsync(new ClaimRequest("ghost:1:dead", 10, DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(300)));
        claimed.Count.ShouldBe(1);

        var final = await RunWorkersAsync(options, 1, run.RunId);

        final.State.ShouldBe(RunState.Succeeded, final.Error);
        var attempts = await _store.State.GetAttemptsAsync(run.RunId);
        attempts.Select(a => (a.Attempt, a.State, a.Worker == "ghost:1:dead")).ShouldBe([(1, TaskState.UpForRetry, true), (2, TaskState.Succeeded, false)]);
        attempts[0].Error.ShouldNotBeNull().ShouldContain("lease lost: worker ghost:1:dead");
    }

    private async Task<RunRecord> RunWorkersAsync(WorkerOptions options, int count, string runId)
    {
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, count)
            .Select(i => new DistributedWorker(_store, options with { WorkerId = $"w{i}:{Guid.NewGuid():N}" }))
            .Select(w => Task.Run(() => w.RunAsync(stop.Token)))
            .ToList();
        try
        {
            return await new DistributedRuns(_store, options).WaitAsync(runId, Patience);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }
    }

    private WorkerOptions Options(PipelineDefinition pipeline, ActionRegistry actions) => new()
    {
        Actions = actions,
        Definitions = new Dictionary<(string, string), PipelineDefinition> { [(pipeline.Id, Version.Hash)] = pipeline },
        PollInterval = TimeSpan.FromMilliseconds(50),
        ArtifactRoot = _dir.File("artifacts"),
    };
}
