using Sluice.Operators;

namespace Sluice.Server.Operations;

/// <summary>
/// The pipelines whose schedules are paused, read from the store's <see cref="OperatorRecords"/> at start and after
/// every change made through this server; the schedule host leaves their cron and interval triggers out. Other
/// triggers (files, webhooks, pipelines) and runs started by hand are not affected.
/// </summary>
internal sealed class SchedulePauses(OperatorRecords records)
{
    private volatile Dictionary<string, PipelinePause> _paused = new Dictionary<string, PipelinePause>(StringComparer.Ordinal);

    /// <summary>Raised after the set changed.</summary>
    public event EventHandler? Changed;

    /// <summary>The pause of a pipeline, or null when its schedules run.</summary>
    public PipelinePause? Of(string pipelineId) => _paused.GetValueOrDefault(pipelineId);

    /// <summary>True when the pipeline's schedules are paused.</summary>
    public bool IsPaused(string pipelineId) => _paused.ContainsKey(pipelineId);

    /// <summary>Reads the paused pipelines from the store and tells the listeners.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var list = await records.GetPausedAsync(cancellationToken).ConfigureAwait(false);
        _paused = list.ToDictionary(static p => p.PipelineId, StringComparer.Ordinal);
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
