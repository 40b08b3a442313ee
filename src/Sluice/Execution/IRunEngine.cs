using Sluice.Definition;
using Sluice.State;

namespace Sluice.Execution;

/// <summary>
/// Starts runs and brings them to their end: the one surface of both engines. <see cref="RunExecutor"/> executes
/// runs in this process; <see cref="Distributed.DistributedRuns"/> queues them for <c>sluice worker</c> processes
/// and follows them in the store. Callers (the CLI, the server, backfills) write the same code for either.
/// </summary>
public interface IRunEngine
{
    /// <summary>
    /// Stores the version if new and creates the run; returns its record. The embedded engine creates it queued
    /// (it runs when <see cref="ExecuteAsync"/> is called); the distributed engine creates it running with its
    /// ready root tasks queued for workers. With <paramref name="runId"/> (scheduled and backfill runs have
    /// deterministic ids) the call is idempotent: when that run exists it is returned as stored, and nothing is created.
    /// </summary>
    /// <param name="definition">The pipeline.</param>
    /// <param name="version">Its stored version (saved when new).</param>
    /// <param name="inputs">Bound run inputs (<see cref="InputBinder"/>).</param>
    /// <param name="trigger">What started the run (<c>manual</c>, <c>cron</c>, <c>backfill</c>...). The default is <c>manual</c>.</param>
    /// <param name="logicalDate">The schedule date the run stands for, or null.</param>
    /// <param name="runId">A deterministic id, or null for a new one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<RunRecord> StartAsync(PipelineDefinition definition, PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs,
        string trigger = "manual", DateTimeOffset? logicalDate = null, string? runId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Brings a started run to its end and returns its outcome: the embedded engine executes it here (resuming
    /// whatever earlier executions left unfinished, replaying a succeeded run without running anything); the
    /// distributed engine waits while workers execute it. Progress goes to the engine's <see cref="IRunObserver"/>.
    /// Cancelling <paramref name="cancellationToken"/> cancels the run, which ends <see cref="RunState.Cancelled"/>
    /// (resumable); the call still returns the outcome rather than throwing.
    /// </summary>
    /// <param name="definition">The run's definition (the version it started with).</param>
    /// <param name="run">The run, as <see cref="StartAsync"/> returned it.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="Diagnostics.SluiceException">The run is being executed by another live process.</exception>
    Task<RunOutcome> ExecuteAsync(PipelineDefinition definition, RunRecord run, CancellationToken cancellationToken = default);
}
