using Sluice.Data.Batches;
using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Sinks;

/// <summary>
/// Where a stream's results go, exactly once by two-phase commit around each checkpoint: rows written since the last
/// checkpoint are made durable in <see cref="Prepare"/> (in the sink's own staging, or in the checkpoint's state through
/// <see cref="Save"/>), the checkpoint is committed to the store, and only then does <see cref="CommitAsync"/> make them
/// visible. Phase two must be idempotent: after a crash the runner restores the last checkpoint (<see cref="Restore"/>,
/// <see cref="Load"/>) and commits it again, since its commit may have been cut short.
/// </summary>
internal interface IStreamSink : IAsyncDisposable
{
    /// <summary>Rows written, including those of earlier attempts up to the restored checkpoint.</summary>
    long Rows { get; }

    /// <summary>Stages the batch's rows for the checkpoint <paramref name="sequence"/> (the next one to be taken).</summary>
    void Write(RecordBatch batch, long sequence);

    /// <summary>Phase one: makes the rows staged for checkpoint <paramref name="sequence"/> durable.</summary>
    void Prepare(long sequence);

    /// <summary>Adds the sink's transaction state to the checkpoint (after the operators' state).</summary>
    void Save(StateWriter state);

    /// <summary>Phase two, after checkpoint <paramref name="sequence"/> is in the store: publishes its rows. Idempotent.</summary>
    ValueTask CommitAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>Restores the sink to checkpoint <paramref name="committed"/> (0: none) with the row count it had then.</summary>
    void Restore(long committed, long rows);

    /// <summary>Reads what <see cref="Save"/> wrote into the restored checkpoint.</summary>
    void Load(StateReader state);

    /// <summary>Ends a bounded stream after its final checkpoint (a file sink writes its final file).</summary>
    /// <param name="resumed">The task resumed after its final checkpoint: finish only what is left.</param>
    /// <param name="cancellationToken">Cancels finishing; finishing again is safe.</param>
    Task FinishAsync(bool resumed, CancellationToken cancellationToken);
}
