using Sluice.Actions;
using Sluice.Data;
using Sluice.Diagnostics;

namespace Sluice.DataActions;

/// <summary>
/// The base of every data action. It runs <see cref="ExecuteCoreAsync"/> and turns the data engine's
/// <see cref="DataException"/> into a <see cref="SluiceException"/> with the same message and
/// <see cref="DataException.IsTransient"/>: the executors know only <see cref="SluiceException"/>, so without this a
/// failure on bad data would count as transient and be retried. The datasets an attempt reads are counted
/// (<see cref="IO.DatasetReads"/>): rows read so far go to <see cref="ActionContext.Progress"/>, and the rows read per
/// dataset to the attempt's read lineage.
/// </summary>
public abstract class DataAction : IAction
{
    /// <summary>
    /// What a data task asks of the machine by default: up to four cores (the engine parses and computes in parallel
    /// chunks) and a quarter of the memory .NET sees as available (the share the engine's default memory budget gives
    /// its operators). On two cores this runs one data task at a time: ten that parse at once were measured 3.7× slower
    /// than DuckDB, against 2.5× one after another.
    /// </summary>
    public static ResourceAppetite DefaultAppetite { get; } = new(
        Math.Min(Environment.ProcessorCount, 4), Math.Max(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4, 64L << 20));

    /// <inheritdoc />
    public abstract ActionDescriptor Descriptor { get; }

    /// <inheritdoc />
    public virtual ResourceAppetite Appetite => DefaultAppetite;

    /// <inheritdoc />
    /// <exception cref="SluiceException">The action failed; transient when retrying may help (an I/O error), not on bad data.</exception>
    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var reads = IO.DatasetReads.Begin(context.Progress);
        try
        {
            return reads.AddTo(await ExecuteCoreAsync(context, cancellationToken).ConfigureAwait(false));
        }
        catch (DataException ex)
        {
            throw new SluiceException(ex.Message, ex.IsTransient, ex);
        }
    }

    /// <summary>Runs one attempt; see <see cref="IAction.ExecuteAsync"/>. A <see cref="DataException"/> may escape: the caller translates it.</summary>
    protected abstract ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken);
}
