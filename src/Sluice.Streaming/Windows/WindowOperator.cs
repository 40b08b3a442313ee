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

    public static WindowOperator Create(WindowInput input) => input.Spec.Kind == Definition.WindowKind.Session
        ? new SessionWindowOperator(input)
        : new SlidingWindowOperator(input);
}
