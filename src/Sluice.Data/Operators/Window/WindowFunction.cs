namespace Sluice.Data.Operators.Window;

/// <summary>One output column of a window step.</summary>
/// <param name="Kind">The function.</param>
/// <param name="Column">The input column (null for ranking functions and <see cref="WindowKind.CountAll"/>).</param>
/// <param name="Output">The output column name.</param>
public sealed record WindowFunction(WindowKind Kind, string? Column, string Output)
{
    /// <summary>The row offset of lag/lead, the bucket count of ntile. The default is 1.</summary>
    public int Offset { get; init; } = 1;

    /// <summary>
    /// Rows before the current row in the frame; null = unbounded. The default frame is all rows from the partition's
    /// start to the current row (a running aggregate); ties in the order are separate rows (a ROWS frame, not RANGE).
    /// </summary>
    public int? Preceding { get; init; }

    /// <summary>Rows after the current row in the frame; null = unbounded (to the partition's end). The default is 0.</summary>
    public int? Following { get; init; } = 0;

    /// <summary>Whether the function reads the frame (as opposed to ranking and offsets).</summary>
    public bool UsesFrame => Kind is WindowKind.Sum or WindowKind.Mean or WindowKind.Min or WindowKind.Max or WindowKind.Count or WindowKind.CountAll or WindowKind.First or WindowKind.Last;
}
