using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions.Kernels;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions;

/// <summary>An expression bound to a schema and compiled to vectorized kernels. Thread-safe; evaluate it on any batch of that schema.</summary>
public sealed class CompiledExpr
{
    private readonly Node _root;

    internal CompiledExpr(ColumnExpr source, Schema schema, Node root)
    {
        Source = source;
        Schema = schema;
        _root = root;
    }

    /// <summary>The expression it was compiled from.</summary>
    public ColumnExpr Source { get; }

    /// <summary>The input schema it was bound to.</summary>
    public Schema Schema { get; }

    /// <summary>The result type.</summary>
    public DataType Type => _root.Type;

    /// <summary>Evaluates over a batch; the caller owns (and disposes) the result.</summary>
    /// <exception cref="DataException">Integer overflow.</exception>
    public Column Evaluate(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            return _root.Eval(batch);
        }
        catch (OverflowException ex)
        {
            throw new DataException($"Arithmetic overflow evaluating {Source}.", ex);
        }
    }
}
