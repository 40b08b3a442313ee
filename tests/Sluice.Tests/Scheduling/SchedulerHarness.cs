using System.Collections.Concurrent;
using Sluice.Definition;
using Sluice.Scheduling;
using Sluice.Sqlite.Scheduling;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Scheduling;

/// <summary>
/// A scheduler on a temp SQLite file and a fake clock, with a callback that records deliveries.
/// Tests move the clock only while the scheduler is idle, and only up to the next due instant while it
/// runs (jumping further would let the scheduler observe intermediate times), or freely while stopped.
/// </summary>
internal sealed class SchedulerHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<ScheduledFire> _calls = new();
    private readonly ConcurrentQueue<ScheduledFire> _succeeded = new();
    private readonly ConcurrentQueue<(TaskCompletionSource Release, Task Callback)> _held = new();
    private SqliteScheduleStore? _store;

    public SchedulerHarness(DateTimeOffset start) => Clock = new TimerWatchingClock(start);

    public TimerWatchingClock Clock { get; }

    public string DatabasePath => _dir.File("sluice.db");

    public Scheduler? Scheduler { get; private set; }

    public SqliteScheduleStore Store => _store ?? throw new InvalidOperationException("not started");

    /// <summary>Every callback invocation, in order.</summary>
    public IReadOnlyList<ScheduledFire> Calls => [.. _calls];

    /// <summary>Invocations whose task completed successfully.</summary>
    public IReadOnlyList<ScheduledFire> Succeeded => [.. _succeeded];

    /// <summary>When true, callbacks return a task the test completes with <see cref="ReleaseOldestAsync"/>.</summary>
    public bool Hold { get; set; }

    /// <summary>Optional behaviour per call; return null to use the default.</summary>
    public Func<ScheduledFire, CancellationToken, Task>? Behaviour { get; set; }

    public int HeldCount => _held.Count(static t => !t.Release.Task.IsCompleted);

    public async Task<Scheduler> StartAsync(params PipelineDefinition[] pipelines)
    {
        _store ??= new SqliteScheduleStore(DatabasePath);
        Scheduler = new Scheduler(pipelines, _store, CallbackAsync, new SchedulerOptions { Time = Clock, RetryDelay = TimeSpan.FromMinutes(5) });
        await Scheduler.StartAsync();
        await Scheduler.WaitForIdleAsync();
        return Scheduler;
    }

    /// <summary>Stops the scheduler and closes the store, as a process exit would.</summary>
    public async Task StopAsync()
    {
        if (Scheduler is not null)
        {
            await Scheduler.DisposeAsync();
            Scheduler = null;
        }
        if (_store is not null)
        {
            await _store.DisposeAsync();
            _store = null;
        }
    }

    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        if (Scheduler is not null)
        {
            await Scheduler.WaitForIdleAsync();
        }
    }

    public async Task ReleaseOldestAsync()
    {
        if (_held.TryDequeue(out var next))
        {
            next.Release.TrySetResult();
            // Once the callback's task has completed the scheduler counts as busy until it has processed it.
            await next.Callback;
        }
        await Scheduler!.WaitForIdleAsync();
    }

    private Task CallbackAsync(ScheduledFire fire, CancellationToken cancellationToken)
    {
        _calls.Enqueue(fire);
        var release = Hold && Behaviour is null ? new TaskCompletionSource() : null;
        var task = RunAsync(fire, release, cancellationToken);
        if (release is not null)
        {
            _held.Enqueue((release, task));
        }
        return task;
    }

    private async Task RunAsync(ScheduledFire fire, TaskCompletionSource? release, CancellationToken cancellationToken)
    {
        if (Behaviour is { } behaviour)
        {
            await behaviour(fire, cancellationToken);
        }
        else if (release is not null)
        {
            await release.Task.WaitAsync(cancellationToken);
        }
        _succeeded.Enqueue(fire);
    }

    public static PipelineDefinition CronPipeline(string id, string cron, bool? catchup = null, long? maxCatchupRuns = null, string? timezone = null)
    {
        var settings = new Dictionary<string, object?> { ["cron"] = cron };
        if (catchup is { } c)
        {
            settings["catchup"] = c;
        }
        if (maxCatchupRuns is { } m)
        {
            settings["max_catchup_runs"] = m;
        }
        if (timezone is not null)
        {
            settings["timezone"] = timezone;
        }
        return new PipelineDefinition { Id = id, Triggers = [new TriggerDefinition("cron", settings)] };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var held in _held)
        {
            held.Release.TrySetResult();
        }
        await StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
