using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Distributed;
using Sluice.State;
using Sluice.Stores;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Distributed;

/// <summary>
/// A pool limited store-wide (<see cref="WorkerOptions.PoolLimits"/>): two workers, each free to run four items at once,
/// and two runs whose items all name <c>pool: db</c> with one slot: never two items inside at once. Run on SQLite and on
/// PostgreSQL.
/// </summary>
public abstract class SharedPoolContractTests
{
    /// <summary>Opens an empty store.</summary>
    protected abstract Task<SluiceStore> OpenStoreAsync(TempDirectory dir);

    [Fact]
    public async Task TwoRuns_OnTwoWorkers_ShareAPoolOfOne_AndNeverOverlap()
    {
        //   query (for_each over range(4), pool: db)     × two runs
        var pipeline = new PipelineDefinition
        {
            Id = "pooled",
            Tasks = [new TaskDefinition { Id = "query", Action = "exclusive", ForEach = "{{ range(4) }}", Pool = "db" }],
        };
        var exclusive = new Exclusive();
        var actions = BuiltInActions.CreateRegistry();
        actions.Register(exclusive);
        using var dir = new TempDirectory();
        await using var store = await OpenStoreAsync(dir);
        var options = new WorkerOptions
        {
            Actions = actions,
            Definitions = new Dictionary<(string, string), PipelineDefinition> { [(pipeline.Id, "h-" + pipeline.Id)] = pipeline },
            PollInterval = TimeSpan.FromMilliseconds(50),
            Capacity = 4,
            PoolLimits = new Dictionary<string, int> { ["db"] = 1 },
            ArtifactRoot = dir.File("artifacts"),
        };
        var version = new PipelineVersionRecord(pipeline.Id, "h-" + pipeline.Id, null, null, "{}", null, DateTimeOffset.UnixEpoch);
        var runs = new DistributedRuns(store, options);
        var first = await runs.StartAsync(pipeline, version, new Dictionary<string, object?>());
        var second = await runs.StartAsync(pipeline, version, new Dictionary<string, object?>());

        var workers = new WorkerPool(store, options, 2);
        await using (workers)
        {
            foreach (var run in new[] { first, second })
            {
                var final = await runs.WaitAsync(run.RunId, TimeSpan.FromMinutes(2));
                final.State.ShouldBe(RunState.Succeeded, final.Error);
            }
        }

        exclusive.Entered.ShouldBe(8);
        exclusive.MostInside.ShouldBe(1);
    }

    /// <summary>Counts the attempts inside it at once; each stays a moment so that unlimited ones would meet.</summary>
    private sealed class Exclusive : IAction
    {
        private int _inside;
        private int _mostInside;
        private int _entered;

        public ActionDescriptor Descriptor { get; } = new("exclusive", "Counts attempts inside at once.", [], [], AllowsExtraParameters: true, AllowsExtraOutputs: true);

        public int MostInside => Volatile.Read(ref _mostInside);

        public int Entered => Volatile.Read(ref _entered);

        public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _entered);
            var inside = Interlocked.Increment(ref _inside);
            int most;
            while (inside > (most = Volatile.Read(ref _mostInside)) && Interlocked.CompareExchange(ref _mostInside, inside, most) != most)
            {
            }
            try
            {
                await Task.Delay(100, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
            return ActionResult.Empty;
        }
    }
}
