using Sluice.Data.Batches;
using Sluice.Streaming.Checkpoints;

namespace Sluice.Streaming.Runtime;

/// <summary>
/// The one event-time operator of a stream, between the steps before it and the steps after it: a window
/// (<see cref="Windows.WindowOperator"/>), a stream–stream join (<see cref="Joins.JoinOperator"/>) or a sequence pattern
/// (<see cref="Patterns.PatternOperator"/>). It receives events with their event times and the watermark, keeps state
/// until the watermark says no event can change it any more, and emits rows when it fires. Events that come too late to
/// be handled are handed back for the late output and the count, never dropped silently. Single-threaded; its state is
/// saved into every checkpoint.
/// </summary>
internal interface ITimeOperator
{
    /// <summary>The schema of the rows it emits.</summary>
    Schema Output { get; }

    /// <summary>Windows, keys or partial matches holding state (progress).</summary>
    int OpenWindows { get; }

    /// <summary>Rows are waiting to be emitted without the watermark moving (an interval join's pairs, found as events arrive).</summary>
    bool HasOutput => false;

    /// <summary>Adds the batch's events at their event times; rows too late to be handled are appended to <paramref name="late"/>.</summary>
    void Add(RecordBatch batch, long[] times, long watermark, List<int> late);

    /// <summary>Emits what the watermark completed (and rows waiting), then drops state the watermark made useless.</summary>
    void Fire(long watermark, List<object?[]> output);

    void Save(StateWriter writer);

    void Load(StateReader reader);
}
