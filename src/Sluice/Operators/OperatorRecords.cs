namespace Sluice.Operators;

/// <summary>
/// What operators did and set, in the store every server and CLI shares: the audit trail of their actions (who, when,
/// what) and the pipelines whose schedules are paused. SQLite and PostgreSQL implement it with their own migrations
/// table (<c>operator_schema_migrations</c>); the tables are created on first use.
/// </summary>
public abstract class OperatorRecords : IAsyncDisposable
{
    /// <summary>Appends <paramref name="entry"/> to the audit trail (its sequence is assigned by the store).</summary>
    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(entry, pause: null, cancellationToken);
    }

    /// <summary>The newest audit entries first, of one run or one pipeline when given.</summary>
    /// <param name="pipelineId">Only this pipeline's entries, or null.</param>
    /// <param name="runId">Only this run's entries, or null.</param>
    /// <param name="limit">At most this many. The default is 100.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? pipelineId = null, string? runId = null, int limit = 100, CancellationToken cancellationToken = default) =>
        ReadAuditAsync(pipelineId, runId, Math.Clamp(limit, 1, 10_000), cancellationToken);

    /// <summary>Pauses or unpauses a pipeline's schedules and records <paramref name="entry"/> in the same transaction.</summary>
    /// <param name="pipelineId">The pipeline.</param>
    /// <param name="paused">True to pause, false to unpause.</param>
    /// <param name="entry">The audit entry of the change.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task SetPausedAsync(string pipelineId, bool paused, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipelineId);
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(entry, (pipelineId, paused), cancellationToken);
    }

    /// <summary>The paused pipelines.</summary>
    public abstract Task<IReadOnlyList<PipelinePause>> GetPausedAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends the entry and, when <paramref name="pause"/> is given, sets or deletes the pause row, in one transaction.</summary>
    protected abstract Task WriteAsync(AuditEntry entry, (string PipelineId, bool Paused)? pause, CancellationToken cancellationToken);

    /// <summary>Reads audit entries, newest first.</summary>
    protected abstract Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string? pipelineId, string? runId, int limit, CancellationToken cancellationToken);

    /// <summary>Releases connections. The default does nothing.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
