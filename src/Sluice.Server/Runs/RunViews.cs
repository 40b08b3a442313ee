using Sluice.Server.Catalog;
using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>Builds <see cref="RunSnapshot"/>s: stored state (one query each for the run and its task instances) plus live executor state.</summary>
internal sealed class RunViews(IStateStore store, DefinitionCache definitions, LiveRuns live, RunHost host, ServerOptions options)
{
    public async Task<RunSnapshot?> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return null;
        }
        var definition = await definitions.GetAsync(run.PipelineId, run.VersionHash, cancellationToken).ConfigureAwait(false);
        var rows = await store.GetTaskInstancesAsync(runId, cancellationToken).ConfigureAwait(false);
        var tasks = TaskAggregator.Aggregate(definition, rows);
        var liveRun = live.Find(runId);
        if (liveRun is not null)
        {
            tasks = TaskAggregator.Overlay(tasks, liveRun);
        }
        var runWait = RunWaitReason(run, liveRun);
        var waits = new WaitReasons(tasks, liveRun, definition, host, options);
        tasks = [.. tasks.Select(t => t with { WaitingFor = runWait is null || t.State.IsFinal() ? waits.For(t) : runWait })];
        var slaMisses = await store.GetSlaMissesAsync(runId, cancellationToken).ConfigureAwait(false);
        return new RunSnapshot(run, definition, tasks, runWait, liveRun is not null, slaMisses);
    }

    private string? RunWaitReason(RunRecord run, LiveRun? liveRun)
    {
        if (run.State.IsFinal() && host.QueuePosition(run.RunId) is null)
        {
            return null;
        }
        if (host.HeldBack(run.RunId) is { } heldBack)
        {
            return heldBack;
        }
        if (host.QueuePosition(run.RunId) is { } position)
        {
            return $"the run is queued: position {position} of {host.QueueDepth}, at most {options.MaxConcurrentRuns} runs execute at once";
        }
        if (liveRun is null && !host.IsExecuting(run.RunId))
        {
            return $"the run is not executing in this server (lease owner: {run.LeaseOwner ?? "none"}); if its process died, resume it";
        }
        return null;
    }
}
