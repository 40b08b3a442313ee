using Sluice.Data.Batches;
using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Sinks;

/// <summary>
/// A sink in the checkpoint protocol of <c>StreamRunner</c>: rows are written between checkpoints, <see cref="Prepare"/>
/// makes them durable (or saves them into the checkpoint with <see cref="Save"/>), the checkpoint is committed to the
/// store, then <see cref="Commit"/> publishes them. A resumed task <see cref="Load"/>s and <see cref="Restore"/>s the sink
/// to the last checkpoint, which must publish that checkpoint's rows exactly once even if its commit was cut short.
/// </summary>
internal interface IStreamSink : IDisposable
{
    /// <summary>Rows written so far (replayed rows counted once).</summary>
    long Rows { get; }

    /// <summary>Stages the batch's rows for checkpoint <paramref name="sequence"/> (the next one).</summary>
    void Write(RecordBatch batch, long sequence);

    /// <summary>Phase one: makes the rows staged for <paramref name="sequence"/> durable.</summary>
    void Prepare(long sequence);

    /// <summary>Writes what the checkpoint must carry for the sink (staged rows of a table sink); called after <see cref="Prepare"/>.</summary>
    void Save(StateWriter writer);

    /// <summary>Reads what <see cref="Save"/> wrote, before <see cref="Restore"/>.</summary>
    void Load(StateReader reader);

    /// <summary>Phase two, after the checkpoint is in the store: publishes its rows.</summary>
    void Commit(long sequence);

    /// <summary>Restores the sink to checkpoint <paramref name="committed"/> with the row count it had then.</summary>
    void Restore(long committed, long rows);

    /// <summary>Starts a task that has no checkpoint (removes what an earlier attempt left unpublished).</summary>
    void Recover(long committed);

    /// <summary>The bounded stream ended after its final checkpoint.</summary>
    Task FinishAsync(bool resumed, CancellationToken cancellationToken);
}
