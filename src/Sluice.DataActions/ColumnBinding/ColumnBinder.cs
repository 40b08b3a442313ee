using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.ColumnExpressions;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Nodes;

namespace Sluice.DataActions.ColumnBinding;

/// <summary>
/// Translates a column expression of the pipeline language (<see cref="Expr.ParseColumns"/>) into the data
/// engine's <see cref="ColumnExpr"/>: names are columns; <c>int</c> literals are int64, floats float64; <c>+ - * / // %</c>,
/// comparisons (chains become <c>and</c>), <c>in [..]</c>, <c>and/or/not</c> with SQL three-valued logic,
/// <c>x if c else y</c> → <c>if_else</c>, <c>x == None</c> / <c>x is None</c> → <c>is_null</c> (<c>!=</c> → <c>is_not_null</c>),
/// calls by name with arity checks; <c>cast(x, 'type')</c>, <c>int(x)</c>, <c>float(x)</c>, <c>str(x)</c>, <c>bool(x)</c>,
/// <c>decimal(x, scale)</c> become casts, <c>col('odd name')</c> a column, <c>x ** y</c> a float64 power and
/// <c>case_when(c1, v1, c2, v2, …, otherwise)</c> nested <c>if_else</c> (a null condition counts as false, as SQL's CASE). Every error names the offending part
/// by file:line:col.
/// </summary>
public static class ColumnBinder
{
    /// <summary>Parses and binds <paramref name="text"/>; with a <paramref name="schema"/>, columns are checked and the expression is type-checked.</summary>
    /// <exception cref="ExpressionException">A syntax error, an unknown column or function, a wrong argument count or a type error.</exception>
    public static ColumnExpr Parse(string text, SourceLocation origin, Schema? schema = null) =>
        Bind(Expr.ParseColumns(text, origin), schema);

    /// <summary>Binds a parsed column expression; see <see cref="Parse"/>.</summary>
    /// <exception cref="ExpressionException">An unknown column or function, a wrong argument count or a type error.</exception>
    public static ColumnExpr Bind(Expr expression, Schema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (!expression.IsColumnExpression)
        {
            throw new ArgumentException("Parse the text with Expr.ParseColumns.", nameof(expression));
        }

        var binder = new Binding(expression, schema);
        var result = binder.Visit(expression.Root);
        if (schema is not null)
        {
            binder.TypeCheck(result);
        }

        return result;
    }

    /// <summary>Binds one sub-expression of <paramref name="expression"/> (an argument of an aggregate call); see <see cref="Parse"/>.</summary>
    /// <exception cref="ExpressionException">An unknown column or function, a wrong argument count or a type error.</exception>
    internal static ColumnExpr BindPart(Expr expression, Node part, Schema? schema)
    {
        var binder = new Binding(expression, schema);
        var result = binder.Visit(part);
        if (schema is not null)
        {
            binder.TypeCheck(result);
        }

        return result;
    }

    /// <summary>Binds and compiles for <paramref name="schema"/>.</summary>
    /// <exception cref="ExpressionException">As <see cref="Bind"/>.</exception>
    public static CompiledExpr Compile(Expr expression, Schema schema) => ExprCompiler.Compile(Bind(expression, schema), schema);

    private sealed class Binding(Expr expression, Schema? schema)
    {
        // Every bound sub-expression with the offset it came from, in post-order: the first that fails to compile
        // is the smallest offending part, which is where an engine type error is reported.
        private readonly List<(ColumnExpr Expr, int Offset)> _parts = [];

        public ColumnExpr Visit(Node node)
        {
            var e = node switch
            {
                NameNode n => Column(n.Name, n.Offset),
                LiteralNode l => Literal(l),
                BinaryNode b => Binary(b),
                CompareNode c => Compare(c),
                LogicalNode l => Visit(l.Left).Binary(l.IsAnd ? BinaryOperator.And : BinaryOperator.Or, Visit(l.Right)),
                NotNode n => Visit(n.Operand).Not(),
                NegateNode n => n.Negates ? ColumnExprs.Negate(Visit(n.Operand)) : Visit(n.Operand),
                ConditionalNode c => Conditional(c),
                ColumnCallNode call => Call(call),
                MemberNode m => throw Error(m.Offset, $"'.{m.Name}' is not supported in a column expression", "refer to a column by its name, or col('a.b') when the name contains a dot"),
                ListNode l => throw Error(l.Offset, "a list is only allowed after 'in' in a column expression"),
                _ => throw Error(node.Offset, "this is not supported in a column expression", "use columns, literals, operators, comparisons, and/or/not, 'x if c else y' and column functions"),
            };
            _parts.Add((e, node.Offset));
            return e;
        }

        public void TypeCheck(ColumnExpr root)
        {
            try
            {
                ExprCompiler.Compile(root, schema!);
            }
            catch (DataException)
            {
                foreach (var (part, offset) in _parts)
                {
                    try
                    {
                        ExprCompiler.Compile(part, schema!);
                    }
                    catch (DataException ex)
                    {
                        throw Error(offset, ex.Message.TrimEnd('.'));
                    }
                }

                throw;
            }
        }

        private ColumnExpr Column(string name, int offset)
        {
            if (schema is not null && schema.IndexOf(name) < 0)
            {
                var names = schema.Fields.Select(static f => f.Name).ToList();
                throw Error(offset, $"unknown column '{name}'", NameSuggester.Hint(name, names, "columns"));
            }

            return ColumnExprs.Col(name);
        }

        private static ColumnExpr Literal(LiteralNode l) => l.Value switch
        {
            long v => ColumnExprs.Lit(v),
            double v => ColumnExprs.Lit(v),
            string v => ColumnExprs.Lit(v),
            bool v => ColumnExprs.Lit(v),
            _ => ColumnExprs.Null(DataType.String),
        };

        private ColumnExpr Binary(BinaryNode b)
        {
            var op = b.Operator switch
            {
                ArithmeticOperator.Add => BinaryOperator.Add,
                ArithmeticOperator.Subtract => BinaryOperator.Subtract,
                ArithmeticOperator.Multiply => BinaryOperator.Multiply,
                ArithmeticOperator.Divide => BinaryOperator.Divide,
                ArithmeticOperator.FloorDivide => BinaryOperator.FloorDivide,
                ArithmeticOperator.Modulo => BinaryOperator.Modulo,
                _ => BinaryOperator.Power,
            };
            return Visit(b.Left).Binary(op, Visit(b.Right));
        }

        private ColumnExpr Compare(CompareNode c)
        {
            ColumnExpr? result = null;
            var left = Visit(c.Operands[0]);
            for (var i = 0; i < c.Operators.Count; i++)
            {
                var rightNode = c.Operands[i + 1];
                var op = c.Operators[i];
                ColumnExpr link;
                if (op is CompareOperator.In or CompareOperator.NotIn)
                {
                    link = Membership(left, rightNode, c.OperatorOffsets[i], op == CompareOperator.NotIn);
                    left = ColumnExprs.Null(DataType.Bool); // 'in' ends a useful chain
                }
                else if (IsNull(rightNode) || IsNull(c.Operands[i]))
                {
                    var operand = IsNull(rightNode) ? left : Visit(rightNode);
                    if (op is not (CompareOperator.Equal or CompareOperator.NotEqual))
                    {
                        throw Error(c.OperatorOffsets[i], "only '==', '!=', 'is' and 'is not' can compare with None");
                    }

                    link = op == CompareOperator.Equal ? operand.IsNull() : operand.IsNotNull();
                    left = operand;
                }
                else
                {
                    var right = Visit(rightNode);
                    link = left.Binary(
                        op switch
                        {
                            CompareOperator.Equal => BinaryOperator.Equal,
                            CompareOperator.NotEqual => BinaryOperator.NotEqual,
                            CompareOperator.Less => BinaryOperator.Less,
                            CompareOperator.LessOrEqual => BinaryOperator.LessOrEqual,
                            CompareOperator.Greater => BinaryOperator.Greater,
                            _ => BinaryOperator.GreaterOrEqual,
                        },
                        right);
                    left = right;
                }

                _parts.Add((link, c.OperatorOffsets[i]));
                result = result is null ? link : result.And(link);
            }

            return result!;
        }

        private ColumnExpr Membership(ColumnExpr value, Node list, int offset, bool negate)
        {
            if (list is not ListNode { Items.Count: > 0 } items)
            {
                throw Error(offset, "'in' over columns needs a non-empty list of values, such as x in ['a', 'b']");
            }

            ColumnExpr? any = null;
            foreach (var item in items.Items)
            {
                var eq = value.Eq(Visit(item));
                any = any is null ? eq : any.Or(eq);
            }

            return negate ? any!.Not() : any!;
        }

        private static bool IsNull(Node node) => node is LiteralNode { Value: null };

        private ColumnExpr Conditional(ConditionalNode c)
        {
            var condition = Visit(c.Condition);
            var then = IsNull(c.Then) ? null : Visit(c.Then);
            var otherwise = IsNull(c.Otherwise) ? null : Visit(c.Otherwise);
            then ??= ColumnExprs.Null(TypeOf(otherwise, c.Offset));
            otherwise ??= ColumnExprs.Null(TypeOf(then, c.Offset));
            return ColumnExprs.Call("if_else", condition, then, otherwise);
        }

        private DataType TypeOf(ColumnExpr? other, int offset)
        {
            if (other is null)
            {
                throw Error(offset, "both branches are None");
            }

            if (other is LiteralExpr lit)
            {
                return lit.Type;
            }

            return schema is null ? DataType.String : CompileOrThrow(other, offset).Type;
        }

        private CompiledExpr CompileOrThrow(ColumnExpr e, int offset)
        {
            try
            {
                return ExprCompiler.Compile(e, schema!);
            }
            catch (DataException ex)
            {
                throw Error(offset, ex.Message.TrimEnd('.'));
            }
        }

        private ColumnExpr Call(ColumnCallNode call)
        {
            if (!ColumnFunctions.TryResolve(call.Name, out var name, out var min, out var max))
            {
                throw Error(call.Offset, $"unknown column function '{call.Name}'", NameSuggester.Hint(call.Name, ColumnFunctions.Names.ToList(), "functions"));
            }

            var n = call.Arguments.Count;
            if (n < min || (max >= 0 && n > max))
            {
                throw Error(call.Offset, $"{call.Name}() takes {ColumnFunctions.Arity(min, max)}, got {n}");
            }

            switch (name)
            {
                case "col":
                    return Column(TextArgument(call, 0), call.Arguments[0].Offset);
                case "cast":
                    var typeName = TextArgument(call, 1);
                    var type = DataType.TryParse(typeName)
                        ?? throw Error(call.Arguments[1].Offset, $"unknown type '{typeName}'", "types: int64, float64, bool, string, date, timestamp, decimal(S)");
                    return ColumnExprs.Cast(Visit(call.Arguments[0]), type);
                case "int":
                    return ColumnExprs.Cast(Visit(call.Arguments[0]), DataType.Int64);
                case "float":
                    return ColumnExprs.Cast(Visit(call.Arguments[0]), DataType.Float64);
                case "str":
                    return ColumnExprs.Cast(Visit(call.Arguments[0]), DataType.String);
                case "bool":
                    return ColumnExprs.Cast(Visit(call.Arguments[0]), DataType.Bool);
                case "case_when":
                    return CaseWhen(call);
                case "decimal":
                    var scale = call.Arguments[1] is LiteralNode { Value: long s } && s is >= 0 and <= 18
                        ? (int)s
                        : throw Error(call.Arguments[1].Offset, "decimal(x, scale) needs a constant scale from 0 to 18");
                    return ColumnExprs.Cast(Visit(call.Arguments[0]), DataType.Decimal(scale));
                default:
                    return ColumnExprs.Call(name, [.. call.Arguments.Select(Visit)]);
            }
        }

        /// <summary>case_when(c1, v1, c2, v2, …[, otherwise]): the value of the first true condition, as nested if_else.</summary>
        private ColumnExpr CaseWhen(ColumnCallNode call)
        {
            var args = call.Arguments;
            var pairs = args.Count / 2;
            ColumnExpr? otherwise = args.Count % 2 == 1 && !IsNull(args[^1]) ? Visit(args[^1]) : null;
            var values = new ColumnExpr?[pairs];
            for (var i = 0; i < pairs; i++)
            {
                values[i] = IsNull(args[(2 * i) + 1]) ? null : Visit(args[(2 * i) + 1]);
            }

            var typed = otherwise ?? values.FirstOrDefault(static v => v is not null) ?? throw Error(call.Offset, "case_when() needs at least one value that is not None");
            var result = otherwise ?? ColumnExprs.Null(TypeOf(typed, call.Offset));
            for (var i = pairs - 1; i >= 0; i--)
            {
                var value = values[i] ?? ColumnExprs.Null(TypeOf(typed, call.Offset));
                result = ColumnExprs.Call("if_else", Visit(args[2 * i]), value, result);
            }

            return result;
        }

        private string TextArgument(ColumnCallNode call, int index) =>
            call.Arguments[index] is LiteralNode { Value: string s }
                ? s
                : throw Error(call.Arguments[index].Offset, $"argument {index + 1} of {call.Name}() must be a quoted string");

        private ExpressionException Error(int offset, string message, string? hint = null) =>
            new(hint is null ? message : $"{message} ({hint})", expression.LocationAt(offset));
    }
}
