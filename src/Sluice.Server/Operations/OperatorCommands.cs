using Sluice.Operators;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Operations;

/// <summary>
/// The operator's actions, shared by the REST API and the UI's forms: each is carried out by its owner (the launcher,
/// the run host, the pause set) and, once accepted, recorded in the audit trail with who and when.
/// </summary>
internal sealed class OperatorCommands(
    IRunLauncher launcher, RunHost host, OperatorRecords records, SchedulePauses pauses, ServerBackfills backfills, Catalog.PipelineCatalog catalog, IStateStore state, TimeProvider time)
{
    /// <summary>
    /// Starts a run (see <see cref="IRunLauncher.LaunchAsync"/>; launch failures are thrown as <see cref="RunLaunchException"/>).
    /// With <paramref name="fullRefresh"/> the pipeline's incremental marks are forgotten first, as <c>sluice run
    /// --full-refresh</c> does — only once the request's inputs are known to be valid, so a refused request forgets nothing.
    /// </summary>
    public async Task<RunRecord> TriggerAsync(RunRequest request, string actor, bool fullRefresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (fullRefresh)
        {
            RunRequestBinder.Bind(catalog, request);
            var forgotten = await state.ClearSourceMarksAsync(request.PipelineId, cancellationToken).ConfigureAwait(false);
            await AuditAsync(actor, "full_refresh", request.PipelineId, null, $"forgot {forgotten} incremental mark(s)").ConfigureAwait(false);
        }
        var run = await launcher.LaunchAsync(request, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "trigger", run.PipelineId, run.RunId, request.Inputs.Count == 0 ? null : run.InputsJson).ConfigureAwait(false);
        return run;
    }

    public Task<(RunCommandResult Result, string? Reason)> CancelAsync(string runId, string actor, CancellationToken cancellationToken) =>
        RecordedAsync(host.CancelAsync(runId, cancellationToken), actor, "cancel", runId, null, cancellationToken);

    public Task<(RunCommandResult Result, string? Reason)> ResumeAsync(string runId, string actor, CancellationToken cancellationToken) =>
        RecordedAsync(host.ResumeAsync(runId, cancellationToken), actor, "resume", runId, null, cancellationToken);

    public Task<(RunCommandResult Result, string? Reason)> ClearAsync(string runId, IReadOnlyCollection<string> tasks, IReadOnlyCollection<int>? items, bool downstream,
        string actor, CancellationToken cancellationToken)
    {
        var detail = string.Join(", ", tasks) + (items is null ? "" : " items " + string.Join(", ", items)) + (downstream ? " and downstream" : " only");
        return RecordedAsync(host.ClearAsync(runId, tasks, items, downstream, actor, cancellationToken), actor, "clear", runId, detail, cancellationToken);
    }

    public Task<(RunCommandResult Result, string? Reason)> MarkAsync(string runId, string task, TaskState state, string reason, string actor, CancellationToken cancellationToken) =>
        RecordedAsync(host.MarkAsync(runId, task, state, reason, actor, cancellationToken), actor, "mark", runId, $"{task} {state.ToName()}: {reason}", cancellationToken);

    /// <summary>Pauses or unpauses a pipeline's schedules (idempotent) and records who did it.</summary>
    public async Task SetPausedAsync(string pipelineId, bool paused, string actor, CancellationToken cancellationToken)
    {
        await records.SetPausedAsync(pipelineId, paused, new AuditEntry(0, time.GetUtcNow(), actor, paused ? "pause" : "unpause", pipelineId, null, null), cancellationToken)
            .ConfigureAwait(false);
        await pauses.RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a backfill over a range (see <see cref="ServerBackfills"/>) and records who started it.</summary>
    /// <exception cref="Diagnostics.SluiceException">The pipeline has no schedule, or the range is invalid.</exception>
    public async Task<(string Id, int Dates, int Remaining)> BackfillAsync(string pipelineId, DateTimeOffset from, DateTimeOffset to, int maxActive, string actor,
        CancellationToken cancellationToken)
    {
        var started = await backfills.StartAsync(pipelineId, from, to, maxActive, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "backfill", pipelineId, null, $"{started.Id}: {started.Remaining} of {started.Dates} dates, {maxActive} at a time").ConfigureAwait(false);
        return started;
    }

    /// <summary>
    /// Rolls a pipeline back to a stored version: the version's YAML is written into the pipeline's file in the served
    /// folder and the file reloaded, so that it is the active version (as if someone had saved it), and who did it is
    /// recorded. Not found: no such pipeline is served; a conflict names the version that does not exist.
    /// </summary>
    public async Task<(RunCommandResult Result, string? Reason)> RollbackAsync(string pipelineId, string reference, string actor, CancellationToken cancellationToken)
    {
        if (catalog.Find(pipelineId) is not { } entry)
        {
            return (RunCommandResult.NotFound, null);
        }
        var versions = await PipelineVersions.ReadAsync(state, pipelineId, cancellationToken).ConfigureAwait(false);
        if (versions.Find(reference, out var error) is not { } version)
        {
            return (RunCommandResult.Conflict, error);
        }
        await File.WriteAllTextAsync(entry.FilePath, version.SourceText, new System.Text.UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        await catalog.ReloadAsync(entry.FilePath, cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "rollback", pipelineId, null,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"version {versions.NumberOf(version)} ({version.Hash[..12]}) written to {entry.FilePath}")).ConfigureAwait(false);
        return (RunCommandResult.Accepted, null);
    }

    private async Task<(RunCommandResult Result, string? Reason)> RecordedAsync(Task<(RunCommandResult Result, string? Reason)> command, string actor, string action,
        string runId, string? detail, CancellationToken cancellationToken)
    {
        var outcome = await command.ConfigureAwait(false);
        if (outcome.Result == RunCommandResult.Accepted)
        {
            var run = await host.FindRunAsync(runId, cancellationToken).ConfigureAwait(false);
            await AuditAsync(actor, action, run?.PipelineId, runId, detail).ConfigureAwait(false);
        }
        return outcome;
    }

    // The action has happened; recording it must not be abandoned because the client went away.
    private Task AuditAsync(string actor, string action, string? pipelineId, string? runId, string? detail) =>
        records.RecordAsync(new AuditEntry(0, time.GetUtcNow(), actor, action, pipelineId, runId, detail), CancellationToken.None);
}
