using Sluice.Data.Batches;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Schemas;

/// <summary>What <see cref="StaticSchemas.Check"/> found: column and type errors, the tasks it could not check, and the schema at every dataset output it knows.</summary>
/// <param name="Diagnostics">Unknown columns, type errors in column expressions and aggregates of non-numeric columns, located in the pipeline file.</param>
/// <param name="Unchecked">Tasks whose input schemas are known only at run time, in pipeline order.</param>
/// <param name="Outputs">The schema of each known dataset output, keyed <c>task.output</c>.</param>
public sealed record SchemaCheckResult(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<UncheckedTask> Unchecked, IReadOnlyDictionary<string, Schema> Outputs);
