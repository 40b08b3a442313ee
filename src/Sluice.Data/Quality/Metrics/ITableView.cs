using System.Diagnostics.CodeAnalysis;

namespace Sluice.Data.Quality.Metrics;

/// <summary>One batch of a data set: a row count and named columns of that many rows.</summary>
public interface ITableView
{
    /// <summary>Rows in this batch.</summary>
    int RowCount { get; }

    /// <summary>Finds a column by name (ordinal match).</summary>
    bool TryGetColumn(string name, [NotNullWhen(true)] out IColumnView? column);
}
