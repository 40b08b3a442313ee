using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;

namespace Sluice.Data.Operators;

/// <summary>Keeps the rows where the predicate is true (false and null drop the row).</summary>
/// <param name="predicate">A boolean expression.</param>
public sealed class FilterOperator(ColumnExpr predicate) : BatchOperator
{
    /// <summary>The predicate.</summary>
    public ColumnExpr Predicate { get; } = predicate;

    /// <inheritdoc />
    public override IBoundBatchOperator Bind(Schema input)
    {
        var compiled = ExprCompiler.Compile(Predicate, input);
        if (compiled.Type != DataType.Bool)
        {
            throw new DataException($"Filter predicate {Predicate} is {compiled.Type}, not bool.");
        }

        return new Bound(input, compiled);
    }

    private sealed class Bound(Schema schema, CompiledExpr predicate) : IBoundBatchOperator
    {
        public Schema OutputSchema => schema;

        public RecordBatch Apply(RecordBatch input)
        {
            using (input)
            {
                using var mask = (PrimitiveColumn<bool>)predicate.Evaluate(input);
                var n = input.RowCount;
                var rows = Buffers.Rent<int>(n);
                try
                {
                    var values = mask.Values;
                    var validity = mask.Validity;
                    var kept = 0;
                    for (var i = 0; i < n; i++)
                    {
                        rows[kept] = i;
                        kept += values[i] && (validity is null || validity.IsValid(i)) ? 1 : 0;
                    }

                    if (kept == n)
                    {
                        return input.Share();
                    }

                    return input.Gather(rows.AsSpan(0, kept));
                }
                finally
                {
                    Buffers.Return(rows);
                }
            }
        }
    }
}
