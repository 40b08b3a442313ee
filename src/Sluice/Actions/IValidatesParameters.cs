using Sluice.Diagnostics;

namespace Sluice.Actions;

/// <summary>
/// An action that checks its own parameters when the pipeline is loaded (beyond declared types): a schema, a
/// check, a column expression. Called with the parameters as written (templates unrendered: skip those).
/// </summary>
public interface IValidatesParameters
{
    /// <summary>
    /// Problems in <paramref name="parameters"/>. <paramref name="locate"/> maps a path below the task's
    /// <c>parameters</c> (for example <c>schema.id.format</c> or <c>transformations[3].derive.x</c>) to its file:line:col.
    /// </summary>
    IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate);
}
