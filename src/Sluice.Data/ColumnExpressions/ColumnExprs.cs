using Sluice.Data.Batches;

namespace Sluice.Data.ColumnExpressions;

/// <summary>Builds <see cref="ColumnExpr"/> trees: <c>ColumnExprs.Col("amount").Multiply(ColumnExprs.Col("quantity"))</c>.</summary>
public static class ColumnExprs
{
    /// <summary>A column reference.</summary>
    public static ColumnExpr Col(string name) => new ColumnRef(name);

    /// <summary>An Int64 literal.</summary>
    public static ColumnExpr Lit(long value) => new LiteralExpr(value, DataType.Int64);

    /// <summary>A Float64 literal.</summary>
    public static ColumnExpr Lit(double value) => new LiteralExpr(value, DataType.Float64);

    /// <summary>A Bool literal.</summary>
    public static ColumnExpr Lit(bool value) => new LiteralExpr(value, DataType.Bool);

    /// <summary>A String literal.</summary>
    public static ColumnExpr Lit(string value) => new LiteralExpr(value, DataType.String);

    /// <summary>A Decimal literal with the scale of <paramref name="value"/> (12.50m has scale 2).</summary>
    public static ColumnExpr Lit(decimal value) => new LiteralExpr(value, DataType.Decimal(value.Scale));

    /// <summary>A Date literal.</summary>
    public static ColumnExpr Lit(DateOnly value) => new LiteralExpr(value, DataType.Date);

    /// <summary>A Timestamp literal.</summary>
    public static ColumnExpr Lit(DateTime value) => new LiteralExpr(value, DataType.Timestamp);

    /// <summary>A typed null.</summary>
    public static ColumnExpr Null(DataType type) => new LiteralExpr(null, type);

    /// <summary>A function call.</summary>
    public static ColumnExpr Call(string function, params ColumnExpr[] args) => new CallExpr(function, args);

    /// <summary>The columns <paramref name="expression"/> reads, each once, in first-use order.</summary>
    public static IReadOnlyList<string> ColumnsOf(ColumnExpr expression)
    {
        var names = new List<string>();
        Visit(expression);
        return names;

        void Visit(ColumnExpr e)
        {
            switch (e)
            {
                case ColumnRef r when !names.Contains(r.Name):
                    names.Add(r.Name);
                    break;
                case BinaryExpr b:
                    Visit(b.Left);
                    Visit(b.Right);
                    break;
                case UnaryExpr u:
                    Visit(u.Operand);
                    break;
                case CastExpr c:
                    Visit(c.Operand);
                    break;
                case CallExpr call:
                    foreach (var a in call.Arguments)
                    {
                        Visit(a);
                    }

                    break;
            }
        }
    }

    /// <summary>The first non-null argument.</summary>
    public static ColumnExpr Coalesce(params ColumnExpr[] args) => new CallExpr("coalesce", args);

    /// <summary><c>not operand</c>.</summary>
    public static ColumnExpr Not(ColumnExpr operand) => new UnaryExpr(UnaryOperator.Not, operand);

    /// <summary><c>-operand</c>.</summary>
    public static ColumnExpr Negate(ColumnExpr operand) => new UnaryExpr(UnaryOperator.Negate, operand);

    /// <summary>A binary operation.</summary>
    public static ColumnExpr Binary(BinaryOperator op, ColumnExpr left, ColumnExpr right) => new BinaryExpr(op, left, right);

    /// <summary><c>cast(operand as type)</c>.</summary>
    public static ColumnExpr Cast(ColumnExpr operand, DataType type) => new CastExpr(operand, type);
}
