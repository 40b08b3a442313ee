using Sluice.Actions;
using Sluice.Data;
using Sluice.DataActions.IO;
using Sluice.Definition;
using Sluice.Distributed;
using Sluice.Sqlite;
using Sluice.State;

namespace Sluice.DataActions.Tests;

/// <summary>
/// A data engine error keeps its transient flag on every engine: bad data (not transient) fails the task at its first
/// attempt, a transient error (an I/O failure) uses the retries. The executors know only SluiceException; the
/// <see cref="DataAction"/> base class translates.
/// </summary>
public sealed class DataActionTests
{
    // One task, retries: 3. The sql query's second row, 'abc', does not convert to the column's type (int64,
    // from the first row): bad data.
    private const string BadDataYaml = """
        id: bad_data
        tasks:
          - id: query
            action: sql
            retries: 3
            retry_delay: 10ms
            parameters:
              database: $ROOT/shop.db
              query: "SELECT 1 AS v UNION ALL SELECT 'abc'"
        """;

    private const string TransientYaml = """
        id: transient_data
        tasks:
          - id: read
            action: flaky_data
            retries: 3
            retry_delay: 10ms
        """;

    public static TheoryData<string> Engines() => ["embedded", "distributed"];

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task BadData_WithThreeRetries_FailsAfterExactlyOneAttempt(string engine)
    {
        await using var h = new DataPipelineHarness();

        var (run, attempts) = await RunAsync(h, engine, h.Load(BadDataYaml));

        run.State.ShouldBe(RunState.Failed);
        attempts.Select(static a => (a.Attempt, a.State)).ShouldBe([(1, TaskState.Failed)]);
        attempts[0].Error.ShouldNotBeNull().ShouldContain("'abc' does not convert to int64");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task TransientDataError_WithThreeRetries_IsAttemptedFourTimes(string engine)
    {
        await using var h = new DataPipelineHarness();
        h.Actions.Register(new FlakyDataAction());

        var (run, attempts) = await RunAsync(h, engine, h.Load(TransientYaml));

        run.State.ShouldBe(RunState.Failed);
        attempts.Select(static a => (a.Attempt, a.State)).ShouldBe(
            [(1, TaskState.UpForRetry), (2, TaskState.UpForRetry), (3, TaskState.UpForRetry), (4, TaskState.Failed)]);
        attempts.ShouldAllBe(static a => a.Error == "spill file unreadable");
    }

    [Fact]
    public void DataActionSet_RegistersOnlyDataActions()
    {
        var registry = DataActionSet.Register(new ActionRegistry(), new TableProviders());

        registry.All.Count.ShouldBe(10);
        registry.All.ShouldAllBe(static a => a is DataAction);
    }

    private static async Task<(RunRecord Run, IReadOnlyList<AttemptRecord> Attempts)> RunAsync(DataPipelineHarness h, string engine, PipelineDefinition definition)
    {
        if (engine == "embedded")
        {
            var outcome = await h.RunAsync(definition);
            return ((await h.Store.GetRunAsync(outcome.RunId))!, await h.Store.GetAttemptsAsync(outcome.RunId));
        }

        await h.Store.InitializeAsync();
        var version = new PipelineVersionRecord(definition.Id, "hash", definition.Name, definition.Version, "{}", null, DateTimeOffset.UnixEpoch);
        var options = new WorkerOptions
        {
            Actions = h.Actions,
            Definitions = new Dictionary<(string, string), PipelineDefinition> { [(definition.Id, version.Hash)] = definition },
            PollInterval = TimeSpan.FromMilliseconds(50),
            ArtifactRoot = h.File("artifacts"),
        };
        await using var opened = await SqliteStore.OpenAsync(h.Store.Path);
        var runs = new DistributedRuns(opened, options);
        var started = await runs.StartAsync(definition, version, new Dictionary<string, object?>());
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => new DistributedWorker(opened, options).RunAsync(stop.Token));
        try
        {
            return (await runs.WaitAsync(started.RunId, TimeSpan.FromMinutes(1)), await h.Store.GetAttemptsAsync(started.RunId));
        }
        finally
        {
            await stop.CancelAsync();
            await worker;
        }
    }

    /// <summary>A data action whose data engine fails with a transient error (as a failed spill read does).</summary>
    private sealed class FlakyDataAction : DataAction
    {
        public override ActionDescriptor Descriptor { get; } = new("flaky_data", "Fails with a transient data engine error.", [], []);

        protected override ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken) =>
            throw new DataException("spill file unreadable", isTransient: true);
    }
}
