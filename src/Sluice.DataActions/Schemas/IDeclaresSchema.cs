using Sluice.Data.Batches;

namespace Sluice.DataActions.Schemas;

/// <summary>
/// A data action that knows, before it runs, the schemas of the datasets it writes from the schemas of the datasets it
/// reads and its parameters, and checks its column references against them. <see cref="StaticSchemas"/> calls it for
/// every task in dependency order, so <c>sluice validate</c> knows the columns and types at every edge of the DAG.
/// </summary>
public interface IDeclaresSchema
{
    /// <summary>
    /// The schema of each dataset output the task writes (by output name), as far as it is known. Problems in the
    /// parameters go to <see cref="SchemaRequest.Report(Sluice.Diagnostics.Diagnostic)"/>; an input whose schema is unknown
    /// (<see cref="SchemaRequest.Dataset(string)"/> returned null) leaves the task unchecked, and its outputs are left out.
    /// </summary>
    IReadOnlyDictionary<string, Schema> OutputSchemas(SchemaRequest request);
}
