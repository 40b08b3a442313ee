using System.Diagnostics.CodeAnalysis;

namespace Sluice.Data.Quality.Metrics;

/// <summary>A simple <see cref="ITableView"/> over a dictionary of columns.</summary>
public sealed class TableView : ITableView
{
    private readonly Dictionary<string, IColumnView> _columns;

    /// <summary>Creates a batch of <paramref name="rowCount"/> rows.</summary>
    /// <param name="rowCount">Rows in the batch (needed when there are no columns).</param>
    /// <param name="columns">Columns by name; each must have <paramref name="rowCount"/> rows.</param>
    /// <exception cref="ArgumentException">A column has a different number of rows.</exception>
    public TableView(int rowCount, IEnumerable<KeyValuePair<string, IColumnView>> columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        _columns = new Dictionary<string, IColumnView>(columns, StringComparer.Ordinal);
        foreach (var (name, column) in _columns)
        {
            if (column.RowCount != rowCount)
            {
                throw new ArgumentException($"Column '{name}' has {column.RowCount} rows but the batch has {rowCount}.", nameof(columns));
            }
        }

        RowCount = rowCount;
    }

    /// <summary>Creates a batch from named columns (at least one), taking the row count from them.</summary>
    public TableView(params (string Name, IColumnView Column)[] columns)
        : this(columns.Length == 0 ? 0 : columns[0].Column.RowCount, columns.Select(c => KeyValuePair.Create(c.Name, c.Column)))
    {
    }

    /// <inheritdoc />
    public int RowCount { get; }

    /// <inheritdoc />
    public bool TryGetColumn(string name, [NotNullWhen(true)] out IColumnView? column) => _columns.TryGetValue(name, out column);
}
