using System.Globalization;
using Sluice.Actions;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Execution;

/// <summary>
/// Starts and resumes runs of validated pipelines against a state store. One instance can run many
/// runs concurrently. Library mode and the CLI use the same entry points.
/// </summary>
public sealed class RunExecutor
{
    private readonly IStateStore _store;
    private readonly ActionRegistry _actions;
    private readonly ExecutorOptions _options;

    /// <summary>Creates an executor.</summary>
    public RunExecutor(IStateStore store, ActionRegistry actions, ExecutorOptions? options = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _actions = actions ?? throw new ArgumentNullException(nameof(actions));
        _options = options ?? new ExecutorOptions();
    }

    /// <summary>
    /// Stores the version if new, creates a run holding its lease, and returns the run record (not yet executed).
    /// With <paramref name="runId"/> (scheduled and backfill runs have deterministic ids) creation is
    /// idempotent: when the run exists it is returned as stored and <see cref="RunRecord.State"/> tells
    /// whether it still needs executing.
    /// </summary>
    public async Task<RunRecord> CreateRunAsync(PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs, string trigger = "manual", DateTimeOffset? logicalDate = null, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
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
            State = RunState.Queued,
            InputsJson = OutputJson.Serialize(inputs),
            LogicalDate = logicalDate,
            Trigger = trigger,
            CreatedAt = now,
            LeaseOwner = _options.WorkerId,
            LeaseExpiresAt = now + _options.LeaseDuration,
        };
        try
        {
            await _store.CreateRunAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (runId is not null)
        {
            // Another process may have created the same deterministic run first: then theirs stands.
            if (await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is { } theirs)
            {
                return theirs;
            }
            throw;
        }
        return run;
    }

    /// <summary>Executes a run created by <see cref="CreateRunAsync"/> (or resumes it when it already has task state).</summary>
    public async Task<RunOutcome> ExecuteAsync(PipelineDefinition definition, RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var previous = await _store.GetTaskInstancesAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        if (previous.Count > 0 || run.State != RunState.Queued)
        {
            return await ResumeAsync(definition, run.RunId, cancellationToken).ConfigureAwait(false);
        }
        var inputs = OutputJson.Deserialize(run.InputsJson) ?? new Dictionary<string, object?>();
        return await ExecuteAsync(definition, run, inputs, previous, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates and executes a run to its end.</summary>
    public async Task<RunOutcome> RunAsync(PipelineDefinition definition, PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs, CancellationToken cancellationToken = default)
    {
        var run = await CreateRunAsync(version, inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(definition, run, inputs, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes a failed, cancelled or crashed run: succeeded and skipped tasks keep their committed
    /// outputs; the rest run again. A run still held by a live process is refused.
    /// </summary>
    /// <exception cref="SluiceException">The run does not exist, already succeeded, or is running elsewhere.</exception>
    public async Task<RunOutcome> ResumeAsync(PipelineDefinition definition, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new SluiceException($"Run '{runId}' does not exist. List runs with 'sluice runs'.");
        if (run.State == RunState.Succeeded)
        {
            throw new SluiceException($"Run '{runId}' already succeeded; there is nothing to resume.");
        }
        return await ResumeRunAsync(definition, run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Executes <paramref name="run"/> whatever its state: a new run starts, an unfinished one resumes, and a
    /// succeeded one is replayed (nothing runs; its outputs and result are read back). Used for child runs.
    /// </summary>
    internal async Task<RunOutcome> ExecuteOrReplayAsync(PipelineDefinition definition, RunRecord run, CancellationToken cancellationToken)
    {
        return run.State == RunState.Succeeded
            ? await ResumeRunAsync(definition, run, cancellationToken).ConfigureAwait(false)
            : await ExecuteAsync(definition, run, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RunOutcome> ResumeRunAsync(PipelineDefinition definition, RunRecord run, CancellationToken cancellationToken)
    {
        var runId = run.RunId;
        var now = _options.Time.GetUtcNow();
        var steal = Leases.LocalWorkerId.IsDeadLocalOwner(run.LeaseOwner) ? run.LeaseOwner : null;
        if (!await _store.TryAcquireRunLeaseAsync(runId, _options.WorkerId, now, _options.LeaseDuration, steal, cancellationToken).ConfigureAwait(false))
        {
            throw new SluiceException($"Run '{runId}' is being executed by {run.LeaseOwner} (lease until {run.LeaseExpiresAt?.ToString("u", CultureInfo.InvariantCulture)}). Wait for it to finish or for its lease to expire.");
        }
        var previous = await _store.GetTaskInstancesAsync(runId, cancellationToken).ConfigureAwait(false);
        var inputs = OutputJson.Deserialize(run.InputsJson) ?? new Dictionary<string, object?>();
        return await ExecuteAsync(definition, run, inputs, previous, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RunOutcome> ExecuteAsync(PipelineDefinition definition, RunRecord run, IReadOnlyDictionary<string, object?> inputs, IReadOnlyList<TaskInstanceRecord> previous, CancellationToken cancellationToken)
    {
        var writer = new StateWriter(_store);
        RunOutcome outcome;
        try
        {
            using var execution = new RunExecution(definition, run, _actions, _options, writer);
            outcome = await execution.RunAsync(inputs, previous, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await writer.DisposeAsync().ConfigureAwait(false);
        }
        await _store.ReleaseRunLeaseAsync(run.RunId, _options.WorkerId, CancellationToken.None).ConfigureAwait(false);
        _options.Observer?.RunFinished(outcome);
        return outcome;
    }

}
