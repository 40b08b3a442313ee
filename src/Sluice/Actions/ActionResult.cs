namespace Sluice.Actions;

/// <summary>The outputs of a successful attempt, committed atomically with the success.</summary>
/// <param name="Outputs">Output values: JSON-like values (null, bool, long, double, string, lists, maps) or dataset handles.</param>
public sealed record ActionResult(IReadOnlyDictionary<string, object?> Outputs)
{
    /// <summary>
    /// What the action adds to the lineage the engine records from its parameters and outputs: datasets it opened by
    /// itself, and where the columns of the datasets it wrote came from.
    /// </summary>
    public IReadOnlyList<Lineage.DatasetLineage> Lineage { get; init; } = [];

    /// <summary>
    /// New high-water marks of the task's incremental sources, by source key (see <see cref="SourceMarks"/>); committed
    /// with the task's success. The default is none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Marks { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A result with no outputs.</summary>
    public static ActionResult Empty { get; } = new(new Dictionary<string, object?>());
}
