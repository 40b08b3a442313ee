using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Data.Columns;

namespace Sluice.Data.Tests.ColumnExpressions;

/// <summary>Evaluates expressions over a small fixed batch.</summary>
public abstract class ExprTestBase
{
    protected static readonly Schema Schema = new(
        new Field("i", DataType.Int64),
        new Field("m", DataType.Decimal(2)),
        new Field("f", DataType.Float64),
        new Field("b", DataType.Bool),
        new Field("s", DataType.String),
        new Field("c", DataType.String),
        new Field("ts", DataType.String));

    protected static RecordBatch Batch() => new(Schema,
    [
        ColumnFactory.Int64(1, null, -7, 4),
        ColumnFactory.Decimal(2, 1.25m, 2.50m, null, -0.05m),
        ColumnFactory.Float64(1.5, null, 2.0, -0.5),
        ColumnFactory.Bool(true, false, null, true),
        ColumnFactory.String("  Hello ", null, "ÄbC", ""),
        ColumnFactory.DictionaryString(" Books ", "books", null, "TOYS "),
        ColumnFactory.String("2024-02-29T00:00:00", "2026-02-30T12:00:00", "2026-1-05T10:00:00", "2026-03-31T23:59:59"),
    ], 4);

    protected static object?[] Eval(ColumnExpr expr)
    {
        using var batch = Batch();
        using var col = ExprCompiler.Compile(expr, Schema).Evaluate(batch);
        return [.. Enumerable.Range(0, col.Length).Select(col.GetValue)];
    }

    protected static ColumnExpr Col(string name) => ColumnExprs.Col(name);
}
