using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;
using Sluice.DataActions.ColumnBinding;
using Sluice.Diagnostics;

namespace Sluice.Streaming.Steps;

/// <summary>
/// A boolean column expression over a stream's rows (the same expressions as <c>filter</c>), compiled once and
/// evaluated per batch: which side of a join an event is on, which step of a pattern it matches. Null is false.
/// </summary>
internal sealed class RowCondition
{
    private readonly CompiledExpr _expr;

    public RowCondition(string text, Schema schema, string where)
    {
        try
        {
            _expr = ExprCompiler.Compile(ColumnBinder.Parse(text, new SourceLocation(where, 1, 1), schema), schema);
        }
        catch (DataException ex)
        {
            throw new SluiceException($"{where}: {ex.Message}");
        }

        if (_expr.Type != DataType.Bool)
        {
            throw new SluiceException($"{where}: '{text}' is {_expr.Type}, not a condition; write a comparison such as \"type == 'person'\".");
        }
    }

    /// <summary>Fills <paramref name="into"/> with the condition's value for each row of <paramref name="batch"/>.</summary>
    public void Evaluate(RecordBatch batch, bool[] into)
    {
        using var mask = (PrimitiveColumn<bool>)_expr.Evaluate(batch);
        var values = mask.Values;
        for (var i = 0; i < batch.RowCount; i++)
        {
            into[i] = values[i] && !mask.IsNull(i);
        }
    }
}
