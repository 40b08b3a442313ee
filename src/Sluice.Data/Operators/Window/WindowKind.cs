namespace Sluice.Data.Operators.Window;

/// <summary>Window functions. Ranking functions order by the step's order keys; the others read a column over the row's frame.</summary>
public enum WindowKind
{
    /// <summary>1, 2, 3, … within the partition (ties numbered in input order).</summary>
    RowNumber,
    /// <summary>1 + the number of rows before the row's peers (ties share a rank, gaps after them).</summary>
    Rank,
    /// <summary>1 + the number of distinct order values before the row (no gaps).</summary>
    DenseRank,
    /// <summary>(rank − 1) / (rows − 1); 0 for a partition of one row.</summary>
    PercentRank,
    /// <summary>(rows up to and including the row's last peer) / rows.</summary>
    CumeDist,
    /// <summary>The bucket 1..n of the row when the partition is split into n buckets whose sizes differ by at most one (larger first).</summary>
    Ntile,
    /// <summary>The value <see cref="WindowFunction.Offset"/> rows before (null before the partition's start).</summary>
    Lag,
    /// <summary>The value <see cref="WindowFunction.Offset"/> rows after (null after the partition's end).</summary>
    Lead,
    /// <summary>Sum over the frame (exact for integers and decimals; null when the frame has no value).</summary>
    Sum,
    /// <summary>Mean over the frame (float64).</summary>
    Mean,
    /// <summary>Minimum over the frame.</summary>
    Min,
    /// <summary>Maximum over the frame.</summary>
    Max,
    /// <summary>Non-null values in the frame.</summary>
    Count,
    /// <summary>Rows in the frame.</summary>
    CountAll,
    /// <summary>The value on the frame's first row (nulls included).</summary>
    First,
    /// <summary>The value on the frame's last row (nulls included).</summary>
    Last,
}
