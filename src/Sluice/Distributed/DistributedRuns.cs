using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Distributed;

/// <summary>
/// Starts pipeline runs that <see cref="DistributedWorker"/>s execute (<c>sluice run --distributed</c>, the
/// server): the run, its task counters and its ready root tasks are created in one transaction; from then
/// on workers move the run forward and mark it final. Nothing here needs to stay alive.
/// </summary>
public sealed partial class DistributedRuns
{
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(250);
    private readonly IStateStore _store;
    private readonly IWorkStore _work;
    private readonly WorkerOptions _options;
    private readonly RunContextCache _contexts;

    /// <summary>Creates a starter on <paramref name="store"/>; <paramref name="options"/> supplies actions, time and secrets for evaluating root tasks.</summary>
    public DistributedRuns(SluiceStore store, WorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store.State;
        _work = store.Work;
        _options = options ?? new WorkerOptions();
        _contexts = new RunContextCache(store.State, _options);
    }

    /// <summary>Stores the version if new, creates a running run and queues its ready root tasks.</summary>
    /// <param name="definition">The pipeline.</param>
    /// <param name="version">Its stored version (saved when new).</param>
    /// <param name="inputs">Bound run inputs.</param>
    /// <param name="trigger">What started the run (<c>manual</c>, <c>cron</c>, ...).</param>
    /// <param name="logicalDate">The schedule date the run stands for, or null.</param>
    /// <param name="runId">
    /// A deterministic id (a scheduled fire's <c>pipeline@date</c>), or null for a new random one. With an id the
    /// call is idempotent: when that run exists already (started by an earlier delivery or by another server)
    /// it is returned unchanged and nothing is queued.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<RunRecord> StartAsync(PipelineDefinition definition, PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs,
        string trigger = "manual", DateTimeOffset? logicalDate = null, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(inputs);
        await _store.SavePipelineVersionAsync(version, cancellationToken).ConfigureAwait(false);
        if (runId is not null && await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }
        var now = _options.Time.GetUtcNow();
        var run = new RunRecord
        {
            RunId = runId ?? RunIds.New(now),
            PipelineId = version.PipelineId,
            VersionHash = version.Hash,
            State = RunState.Running,
            InputsJson = OutputJson.Serialize(inputs),
            LogicalDate = logicalDate,
            Trigger = trigger,
            CreatedAt = now,
            StartedAt = now,
        };
        var model = new PipelineModel(definition, _options.Actions);
        var counters = model.Nodes.Select(static n => new TaskDependencies(n.Id, n.Dependencies.Length)).ToList();
        try
        {
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
        catch (Exception) when (runId is not null)
        {
            // Another server may have started the same deterministic run first (the transaction rolled back): theirs stands.
            if (await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is { } theirs)
            {
                return theirs;
            }
            throw;
        }
        return run;
    }

    /// <summary>Polls the run until it is final or <paramref name="timeout"/> passes; returns its latest row.</summary>
    /// <exception cref="SluiceException">The run does not exist.</exception>
    public async Task<RunRecord> WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var time = _options.Time;
        var start = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new SluiceException($"Run '{runId}' does not exist.");
            if (run.State.IsFinal() || time.GetElapsedTime(start) >= timeout)
            {
                return run;
            }
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPoll.Ticks));
        }
    }

}
