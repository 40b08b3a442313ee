using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions.Kernels;
using Sluice.Data.Columns;

namespace Sluice.Data.ColumnExpressions;

/// <summary>Binds a <see cref="ColumnExpr"/> to a schema, checks types, and compiles it to kernels.</summary>
public static class ExprCompiler
{
    /// <summary>The names of the built-in functions.</summary>
    public static IReadOnlyList<string> Functions => FunctionBinder.Names;

    /// <summary>Compiles <paramref name="expr"/> for batches of <paramref name="schema"/>.</summary>
    /// <exception cref="DataException">Unknown column or function, wrong argument count or types; the message says which.</exception>
    public static CompiledExpr Compile(ColumnExpr expr, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(schema);
        return new CompiledExpr(expr, schema, Bind(expr, schema));
    }

    private static Node Bind(ColumnExpr expr, Schema schema)
    {
        switch (expr)
        {
            case ColumnRef c:
                var i = schema.Require(c.Name);
                return new ColumnNode(i, schema[i].Type);
            case LiteralExpr l:
                return Literal(l);
            case UnaryExpr u:
                var operand = Bind(u.Operand, schema);
                if (u.Operator == UnaryOperator.Not)
                {
                    FunctionBinder.Expect("not", operand, TypeKind.Bool);
                    return new NotNode(operand);
                }

                return operand.Type.IsNumeric ? new NegateNode(operand) : throw new DataException($"Cannot negate {operand.Type}.");
            case BinaryExpr b:
                return Binary(b, Bind(b.Left, schema), Bind(b.Right, schema));
            case CallExpr call:
                return FunctionBinder.Bind(call.Function.ToLowerInvariant(), [.. call.Arguments.Select(a => Bind(a, schema))]);
            case CastExpr cast:
                return CastNode.Create(Bind(cast.Operand, schema), cast.Type);
            default:
                throw new DataException($"Unsupported expression {expr.GetType().Name}.");
        }
    }

    private static Node Binary(BinaryExpr b, Node left, Node right)
    {
        switch (b.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                FunctionBinder.Expect(b.Operator.ToString().ToLowerInvariant(), left, TypeKind.Bool);
                FunctionBinder.Expect(b.Operator.ToString().ToLowerInvariant(), right, TypeKind.Bool);
                return new LogicalNode(b.Operator == BinaryOperator.And, left, right);
            case BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual
                or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                return new CompareNode(b.Operator, left, right);
            case BinaryOperator.Add when left.Type.Kind == TypeKind.String && right.Type.Kind == TypeKind.String:
                return new ConcatNode([left, right]);
            case BinaryOperator.Add when left.Type.Kind == TypeKind.String || right.Type.Kind == TypeKind.String:
                throw new DataException($"+ joins two strings or adds two numbers, not {left.Type} and {right.Type}; use concat(a, b) to join text with other values.");
            default:
                return new ArithmeticNode(b.Operator, left, right, ArithmeticNode.ResultType(b.Operator, left.Type, right.Type));
        }
    }

    private static LiteralNode Literal(LiteralExpr l)
    {
        var t = l.Type;
        if (l.Value is null)
        {
            return new LiteralNode(t, null);
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        object value = t.Kind switch
        {
            TypeKind.String => Encoding.UTF8.GetBytes(Convert.ToString(l.Value, inv)!),
            TypeKind.Float64 => Convert.ToDouble(l.Value, inv),
            TypeKind.Bool => Convert.ToBoolean(l.Value, inv),
            TypeKind.Decimal => decimal.ToInt64(Convert.ToDecimal(l.Value, inv) * Pow10.Decimal(t.Scale)),
            TypeKind.Date => l.Value is DateOnly d ? d.DayNumber - Temporal.EpochDayNumber : Convert.ToInt32(l.Value, inv),
            TypeKind.Timestamp => l.Value is DateTime dt ? (dt.Ticks - DateTime.UnixEpoch.Ticks) / 10 : Convert.ToInt64(l.Value, inv),
            _ => Convert.ToInt64(l.Value, inv),
        };
        return new LiteralNode(t, value);
    }
}
