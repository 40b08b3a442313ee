using Sluice.Data.Batches;
using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Steps;

/// <summary>
/// One step of a stream outside the window: a stateless engine operator (filter, derive, …) or a stateful stream
/// operator (dedupe, enrich, anomaly). Steps run on the stream's one thread, batch after batch; a stateful step saves
/// its whole state into each checkpoint and loads it on resume, in step order.
/// </summary>
internal interface IStreamStep
{
    /// <summary>The schema of the batches the step returns.</summary>
    Schema Output { get; }

    /// <summary>Entries of state the step holds (keys, rows of history), for progress; 0 for a stateless step.</summary>
    long StateEntries => 0;

    /// <summary>Transforms one batch; takes ownership of <paramref name="batch"/>.</summary>
    /// <param name="batch">The input.</param>
    /// <param name="clock">The stream's watermark and processing time when the batch arrived.</param>
    RecordBatch Apply(RecordBatch batch, StreamClock clock);

    /// <summary>Loads or refreshes what the step reads from outside the stream (reference data), before a batch.</summary>
    ValueTask RefreshAsync(StreamClock clock, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Writes the step's state into a checkpoint.</summary>
    void Save(StateWriter writer)
    {
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    void Load(StateReader reader)
    {
    }
}
