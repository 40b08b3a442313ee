using System.Globalization;
using System.Security.Cryptography;
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

    /// <summary>Stores the version if new, creates a run holding its lease, and returns the run record (not yet executed).</summary>
    public async Task<RunRecord> CreateRunAsync(PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs, string trigger = "manual", DateTimeOffset? logicalDate = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        await _store.SavePipelineVersionAsync(version, cancellationToken).ConfigureAwait(false);
        var now = _options.Time.GetUtcNow();
        var run = new RunRecord
        {
            RunId = NewRunId(now),
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
        await _store.CreateRunAsync(run, cancellationToken).ConfigureAwait(false);
        return run;
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

    private static string NewRunId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
}
