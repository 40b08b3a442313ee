namespace Sluice.Data.Quality.Metrics;

/// <summary>A row-level accumulator that can say which rows of the last batch failed, for failing-row samples.</summary>
internal interface IFailingRowSource
{
    /// <summary>The 0-based rows of the last accumulated batch that failed, in order; empty after an error.</summary>
    ReadOnlySpan<int> LastFailures { get; }

    /// <summary>The columns whose values describe a failing row (the key columns, or the columns an expression reads).</summary>
    IReadOnlyList<string> FailureColumns { get; }
}
