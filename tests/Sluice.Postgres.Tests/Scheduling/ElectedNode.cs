using System.Collections.Concurrent;
using Sluice.Actions.BuiltIn;
using Sluice.Execution;
using Sluice.Postgres.Scheduling;
using Sluice.Postgres.State;
using Sluice.Scheduling;
using Sluice.Scheduling.Leadership;
using Sluice.Scheduling.Triggers;
using Sluice.State;

namespace Sluice.Postgres.Tests.Scheduling;

/// <summary>
/// One scheduler host in-process, as <c>sluice serve</c> would be: its own leadership, schedule store and state
/// store on a shared database; while it leads, each fire creates its run through the real executor
/// (insert-if-absent with the deterministic run id).
/// </summary>
internal sealed class ElectedNode : IAsyncDisposable
{
    private readonly PostgresScheduleStore _schedules;
    private readonly PostgresStateStore _state;
    private readonly RunExecutor _executor;
    private readonly PipelineVersionRecord _version;
    private readonly Definition.PipelineDefinition _definition;

    public ElectedNode(string connectionString, ScheduledTrigger trigger, TimeProvider schedulerClock, ConcurrentQueue<ScheduledFire> delivered)
    {
        _schedules = new PostgresScheduleStore(new PostgresStoreOptions { ConnectionString = connectionString });
        _state = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = connectionString });
        _executor = new RunExecutor(_state, BuiltInActions.CreateRegistry(), new ExecutorOptions { Time = schedulerClock });
        _definition = new Definition.PipelineDefinition { Id = trigger.PipelineId, Tasks = [] };
        _version = new PipelineVersionRecord(trigger.PipelineId, "h1", null, null, "{}", null, schedulerClock.GetUtcNow());
        Leadership = new SchedulerLeadership(new SchedulerLeadershipOptions { ConnectionString = connectionString, KeepAliveInterval = TimeSpan.FromMilliseconds(200) });
        Elected = new LeaderElectedScheduler(
            Leadership,
            () => new Scheduler([trigger], _schedules, async (fire, ct) =>
            {
                delivered.Enqueue(fire);
                await _executor.StartAsync(_definition, _version, new Dictionary<string, object?>(), "schedule", fire.LogicalDate, fire.RunId, ct);
            }, new SchedulerOptions { Time = schedulerClock, RetryDelay = TimeSpan.FromSeconds(1) }),
            new LeaderElectionOptions { RetryInterval = TimeSpan.FromMilliseconds(100) });
    }

    public SchedulerLeadership Leadership { get; }

    public LeaderElectedScheduler Elected { get; }

    public async Task StartAsync()
    {
        await _state.InitializeAsync();
        await Elected.StartAsync();
    }

    /// <summary>Waits until the leading scheduler has dispatched what is due and every callback has completed and been recorded.</summary>
    public async Task SettleAsync()
    {
        var scheduler = Elected.Current ?? throw new InvalidOperationException("This node does not lead.");
        await LockSessions.EventuallyAsync(async () =>
        {
            await scheduler.WaitForIdleAsync();
            return scheduler.Metrics.Outstanding == 0;
        }, "the scheduler's callbacks complete");
    }

    public async ValueTask DisposeAsync()
    {
        await Elected.DisposeAsync();
        await Leadership.DisposeAsync();
        await _schedules.DisposeAsync();
        await _state.DisposeAsync();
    }
}
