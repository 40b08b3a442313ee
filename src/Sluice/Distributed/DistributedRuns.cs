using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Distributed;

/// <summary>
/// The distributed engine: starts pipeline runs that <see cref="DistributedWorker"/>s execute (<c>sluice run
/// --distributed</c>, the server): the run, its task counters and its ready root tasks are created in one
/// transaction; from then on workers move the run forward and mark it final. Nothing here needs to stay alive,
/// but <see cref="ExecuteAsync"/> follows a run to its end for callers that wait (reporting its progress).
/// </summary>
public sealed partial class DistributedRuns : IRunEngine
{
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(250);
    private readonly IStateStore _store;
    private readonly IWorkStore _work;
    private readonly WorkerOptions _options;
    private readonly RunContextCache _contexts;
    private readonly IRunObserver? _observer;

    /// <summary>Creates a starter on <paramref name="store"/>.</summary>
    /// <param name="store">The store whose work queue workers serve.</param>
    /// <param name="options">Supplies actions, time and secrets for evaluating root tasks, and <see cref="WorkerOptions.Log"/> for notes while following a run.</param>
    /// <param name="observer">Receives the progress of runs followed with <see cref="ExecuteAsync"/>, or null.</param>
    public DistributedRuns(SluiceStore store, WorkerOptions? options = null, IRunObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store.State;
        _work = store.Work;
        _options = options ?? new WorkerOptions();
        _contexts = new RunContextCache(store.State, _options);
        _observer = observer;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The run, its task counters and its ready root tasks are created in one transaction; root tasks are evaluated
    /// here (conditions, <c>for_each</c>), with this process's actions, time and secrets. A run that already
    /// exists under <paramref name="runId"/> (started by an earlier delivery or by another server) is returned
    /// unchanged and nothing is queued.
    /// </remarks>
    public Task<RunRecord> StartAsync(PipelineDefinition definition, PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs,
        string trigger = "manual", DateTimeOffset? logicalDate = null, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var now = _options.Time.GetUtcNow();
        return RunCreation.CreateAsync(_store, version, inputs, trigger, logicalDate, runId, now,
            static run => run with { State = RunState.Running, StartedAt = run.CreatedAt },
            (run, ct) => InsertAsync(definition, run, now, ct), cancellationToken);
    }

    private async Task InsertAsync(PipelineDefinition definition, RunRecord run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var model = new PipelineModel(definition, _options.Actions);
        var counters = model.Nodes.Select(static n => new TaskDependencies(n.Id, n.Dependencies.Length)).ToList();
        var context = await _work.InTransactionAsync((run, model, counters, _options, now), static async (tx, s, ct) =>
        {
            await tx.CreateRunAsync(s.run, s.counters, ct).ConfigureAwait(false);
            var advancer = new DagAdvancer(tx, s._options, s.now);
            var context = new RunContext(s.run, s.model, s._options);
            await advancer.StartAsync(context, ct).ConfigureAwait(false);
            return context;
        }, cancellationToken).ConfigureAwait(false);
        // Cancelling the run from here needs its pipeline, which a C# definition only has in this process.
        _contexts.Add(context);
    }

    /// <summary>Polls the run until it is final or <paramref name="timeout"/> passes; returns its latest row.</summary>
    /// <exception cref="SluiceException">The run does not exist.</exception>
    public Task<RunRecord> WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitAsync(runId, timeout, null, cancellationToken);

    private async Task<RunRecord> WaitAsync(string runId, TimeSpan timeout, RunFollower? follower, CancellationToken cancellationToken)
    {
        var time = _options.Time;
        var start = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new SluiceException($"Run '{runId}' does not exist.");
            if (follower is not null)
            {
                await follower.ReportAsync(cancellationToken).ConfigureAwait(false);
            }
            if (run.State.IsFinal() || time.GetElapsedTime(start) >= timeout)
            {
                return run;
            }
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPoll.Ticks));
        }
    }

}
