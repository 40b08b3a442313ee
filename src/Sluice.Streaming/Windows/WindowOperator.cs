using Sluice.Data.Batches;
using Sluice.Streaming.Checkpoints;
using Sluice.Streaming.Runtime;

namespace Sluice.Streaming.Windows;

/// <summary>
/// A keyed event-time window operator with Flink's semantics: a window <c>[start, end)</c> fires once the watermark
/// reaches <c>end − 1</c>; its state is kept for the allowed lateness after that, and a late event within it updates
/// the window, which emits again. An event whose every window is past its lateness is late: it is returned to the
/// caller (side output and count), never dropped silently. Single-threaded; state is checkpointed by <see cref="Save"/>.
/// </summary>
internal abstract class WindowOperator(WindowInput input) : ITimeOperator
{
    protected WindowInput Input { get; } = input;

    public Schema Output => Input.Output;

    /// <summary>Windows (panes or sessions) holding state.</summary>
    public abstract int OpenWindows { get; }

    /// <summary>Adds the batch's events at their event times; rows too late for any window are appended to <paramref name="late"/>.</summary>
    public abstract void Add(RecordBatch batch, long[] times, long watermark, List<int> late);

    /// <summary>Emits the windows the watermark completed (and late updates), then drops state past the allowed lateness.</summary>
    public abstract void Fire(long watermark, List<object?[]> output);

    public abstract void Save(StateWriter writer);

    public abstract void Load(StateReader reader);

    /// <summary>The operator for <paramref name="input"/>, its state split into <paramref name="parallelism"/> partitions when more than 1.</summary>
    public static WindowOperator Create(WindowInput input, int parallelism = 1) =>
        parallelism > 1 ? new PartitionedWindowOperator(input, parallelism) : Single(input);

    /// <summary>One operator holding all of the window's state.</summary>
    internal static WindowOperator Single(WindowInput input) => input.Spec.Kind == Definition.WindowKind.Session
        ? new SessionWindowOperator(input)
        : new SlidingWindowOperator(input);

    /// <summary>Loads a checkpoint's window state, saved by an operator of the same parallelism.</summary>
    public static void Restore(WindowOperator window, StateReader reader)
    {
        if (window is not PartitionedWindowOperator && reader.PeekInt() == PartitionedWindowOperator.Marker)
        {
            throw new Diagnostics.SluiceException("the last checkpoint holds the window's state in partitions but the task now has parallelism 1; resume with the parallelism it had (the state is split by key and cannot be split differently).");
        }

        window.Load(reader);
    }
}
