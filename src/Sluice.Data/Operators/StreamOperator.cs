using Sluice.Data.Batches;

namespace Sluice.Data.Operators;

/// <summary>An operator with state across batches (dedupe, join, aggregate, sort…). It consumes its input stream in order.</summary>
public abstract class StreamOperator
{
    /// <summary>Checks the operator against the input schema and prepares a single-use execution.</summary>
    /// <exception cref="DataException">Unknown column, type error; the message says which.</exception>
    public abstract IBoundStreamOperator Bind(Schema input);
}
