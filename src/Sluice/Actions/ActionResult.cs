namespace Sluice.Actions;

/// <summary>The outputs of a successful attempt, committed atomically with the success.</summary>
/// <param name="Outputs">Output values: JSON-like values (null, bool, long, double, string, lists, maps) or dataset handles.</param>
public sealed record ActionResult(IReadOnlyDictionary<string, object?> Outputs)
{
    /// <summary>A result with no outputs.</summary>
    public static ActionResult Empty { get; } = new(new Dictionary<string, object?>());
}
