using System.Globalization;
using Sluice.Actions;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Execution;

/// <summary>
/// The embedded engine: starts, executes and resumes runs of validated pipelines in this process against a state
/// store. One instance can run many runs concurrently. Library mode, the CLI and the server use the same entry points.
/// </summary>
public sealed class RunExecutor : IRunEngine
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

    /// <inheritdoc />
    /// <remarks>The run is created queued, holding this executor's lease, and nothing runs until <see cref="ExecuteAsync(PipelineDefinition, RunRecord, CancellationToken)"/>.</remarks>
    public Task<RunRecord> StartAsync(PipelineDefinition definition, PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs,
        string trigger = "manual", DateTimeOffset? logicalDate = null, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var now = _options.Time.GetUtcNow();
        return RunCreation.CreateAsync(_store, version, inputs, trigger, logicalDate, runId, now,
            run => run with { LeaseOwner = _options.WorkerId, LeaseExpiresAt = now + _options.LeaseDuration },
            _store.CreateRunAsync, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A run this executor started and nobody executed yet runs at once; any other run is first leased (refused
    /// while another live process holds it), then resumed: succeeded and skipped tasks keep their committed outputs,
    /// the rest run again. A succeeded run is replayed: nothing runs, its outputs and result are read back.
    /// </remarks>
    public async Task<RunOutcome> ExecuteAsync(PipelineDefinition definition, RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(run);
        if (run.State == RunState.Queued && run.LeaseOwner == _options.WorkerId)
        {
            // Created by this executor and never executed (executing marks it running): no task state to restore.
            var inputs = OutputJson.Deserialize(run.InputsJson) ?? new Dictionary<string, object?>();
            return await ExecuteAsync(definition, run, inputs, [], cancellationToken).ConfigureAwait(false);
        }
        return await ResumeRunAsync(definition, run, cancellationToken).ConfigureAwait(false);
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
