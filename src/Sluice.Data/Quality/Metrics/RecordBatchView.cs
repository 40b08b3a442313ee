using System.Diagnostics.CodeAnalysis;
using Sluice.Data.Batches;

namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// An <see cref="ITableView"/> over a <see cref="RecordBatch"/>, so that quality checks stream over the columnar engine:
/// Int64, Float64 and Decimal columns are <see cref="ColumnKind.Number"/>; String is <see cref="ColumnKind.Text"/>;
/// Date and Timestamp are <see cref="ColumnKind.Timestamp"/> (UTC instants; a date is its midnight); Bool is
/// <see cref="ColumnKind.Boolean"/>.
/// </summary>
/// <remarks>The view does not own the batch; it is valid while the batch is. Column views are created once per batch.</remarks>
public sealed class RecordBatchView : ITableView
{
    private readonly RecordBatch _batch;
    private readonly IColumnView?[] _views;

    /// <summary>Creates a view of <paramref name="batch"/>.</summary>
    public RecordBatchView(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _batch = batch;
        _views = new IColumnView?[batch.Schema.Count];
    }

    /// <inheritdoc />
    public int RowCount => _batch.RowCount;

    /// <summary>The viewed batch, for kernels that evaluate over it directly.</summary>
    internal RecordBatch Batch => _batch;

    /// <inheritdoc />
    public bool TryGetColumn(string name, [NotNullWhen(true)] out IColumnView? column)
    {
        var index = _batch.Schema.IndexOf(name);
        if (index < 0)
        {
            column = null;
            return false;
        }

        column = _views[index] ??= new BatchColumnView(_batch.Column(index));
        return true;
    }
}
