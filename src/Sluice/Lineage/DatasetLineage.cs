using Sluice.Datasets;

namespace Sluice.Lineage;

/// <summary>
/// What an action says about a dataset it read or wrote, beyond what the engine sees in its parameters and outputs:
/// a dataset it opened by itself, or where the columns of a dataset it wrote came from. Returned in
/// <see cref="Actions.ActionResult.Lineage"/>.
/// </summary>
/// <param name="Direction">Read or written.</param>
/// <param name="Dataset">The dataset.</param>
public sealed record DatasetLineage(LineageDirection Direction, DatasetRef Dataset)
{
    /// <summary>For a written dataset: per output column, the input columns it came from.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ColumnOrigin>> Columns { get; init; } = new Dictionary<string, IReadOnlyList<ColumnOrigin>>();
}
