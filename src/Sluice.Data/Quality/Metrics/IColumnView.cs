namespace Sluice.Data.Quality.Metrics;

/// <summary>
/// Read-only access to one column of one batch, for metric accumulators. The columnar batch engine implements it
/// over its buffers; <see cref="ColumnViews"/> has simple array-backed implementations.
/// </summary>
/// <remarks>Getters are only called for non-null rows and only the one matching <see cref="Kind"/>.</remarks>
public interface IColumnView
{
    /// <summary>Rows in this batch.</summary>
    int RowCount { get; }

    /// <summary>The value type.</summary>
    ColumnKind Kind { get; }

    /// <summary>True when row <paramref name="row"/> is null (missing).</summary>
    bool IsNull(int row);

    /// <summary>The number at a non-null row of a <see cref="ColumnKind.Number"/> column.</summary>
    double GetDouble(int row);

    /// <summary>
    /// The text at a non-null row of a <see cref="ColumnKind.Text"/> column, without allocating. The span is valid
    /// until the next call on this view (an implementation over UTF-8 may decode into a reused buffer).
    /// </summary>
    ReadOnlySpan<char> GetChars(int row);

    /// <summary>The text at a non-null row as a string (may allocate; accumulators use <see cref="GetChars"/>).</summary>
    string GetString(int row);

    /// <summary>The instant at a non-null row of a <see cref="ColumnKind.Timestamp"/> column.</summary>
    DateTimeOffset GetTimestamp(int row);

    /// <summary>The value at a non-null row of a <see cref="ColumnKind.Boolean"/> column.</summary>
    bool GetBoolean(int row);
}
