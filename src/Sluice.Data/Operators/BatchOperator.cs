using Sluice.Data.Batches;

namespace Sluice.Data.Operators;

/// <summary>
/// A stateless operator that maps each batch independently (filter, project, cast…). The planner fuses runs of them
/// and runs them on worker threads, so a bound instance must be thread-safe.
/// </summary>
public abstract class BatchOperator
{
    /// <summary>Checks the operator against the input schema and prepares it.</summary>
    /// <exception cref="DataException">Unknown column, type error; the message says which.</exception>
    public abstract IBoundBatchOperator Bind(Schema input);
}
