using System.Text;
using Sluice.Data.Batches;

namespace Sluice.Data.ColumnExpressions.Kernels;

/// <summary>Type-checks a function call and picks its kernel.</summary>
internal static class FunctionBinder
{
    public static readonly string[] Names =
    [
        "is_null", "is_not_null", "coalesce", "if_else",
        "lower", "upper", "trim", "ltrim", "rtrim", "length", "substr", "left", "replace", "regex_match",
        "contains", "starts_with", "ends_with", "concat",
        "abs", "round", "floor", "ceil", "sqrt",
        "year", "month", "day", "hour", "minute", "second", "date", "to_timestamp", "to_date",
        "quarter", "week", "isoyear", "dayofweek", "isodow", "dayofyear", "epoch_ms",
        "date_trunc", "date_add", "date_sub", "date_diff", "to_timezone", "from_timezone", "strftime",
    ];

    public static Node Bind(string name, Node[] args)
    {
        switch (name)
        {
            case "is_null" or "is_not_null":
                Arity(name, args, 1);
                return new IsNullNode(args[0], negate: name == "is_not_null");
            case "coalesce":
                return Coalesce(args);
            case "if_else":
                Arity(name, args, 3);
                Expect(name, args[0], TypeKind.Bool);
                var t = CommonType(name, args[1].Type, args[2].Type);
                return new IfElseNode(args[0], CastNode.Create(args[1], t), CastNode.Create(args[2], t));
            case "lower" or "upper":
                Arity(name, args, 1);
                Expect(name, args[0], TypeKind.String);
                return new StringMapNode(args[0], name == "lower" ? StringFunctions.Lower : StringFunctions.Upper);
            case "trim" or "ltrim" or "rtrim":
                Arity(name, args, 1);
                Expect(name, args[0], TypeKind.String);
                return new StringMapNode(args[0], StringFunctions.Trim(name != "rtrim", name != "ltrim"));
            case "length":
                Arity(name, args, 1);
                Expect(name, args[0], TypeKind.String);
                return new StringToValueNode<long>(args[0], DataType.Int64, StringFunctions.Length);
            case "substr":
                Arity(name, args, 2, 3);
                Expect(name, args[0], TypeKind.String);
                return new StringMapNode(args[0], StringFunctions.Substring(IntConst(name, args[1]), args.Length == 3 ? IntConst(name, args[2]) : null));
            case "left":
                Arity(name, args, 2);
                Expect(name, args[0], TypeKind.String);
                return new StringMapNode(args[0], StringFunctions.Substring(1, IntConst(name, args[1])));
            case "replace":
                Arity(name, args, 3);
                Expect(name, args[0], TypeKind.String);
                return new StringMapNode(args[0], StringFunctions.Replace(TextConst(name, args[1]), TextConst(name, args[2])));
            case "regex_match":
                Arity(name, args, 2);
                Expect(name, args[0], TypeKind.String);
                return new StringToValueNode<bool>(args[0], DataType.Bool, StringFunctions.RegexMatch(Encoding.UTF8.GetString(TextConst(name, args[1]))));
            case "contains" or "starts_with" or "ends_with":
                Arity(name, args, 2);
                Expect(name, args[0], TypeKind.String);
                return new StringToValueNode<bool>(args[0], DataType.Bool, StringFunctions.Contains(TextConst(name, args[1]), name == "contains" ? 0 : name == "starts_with" ? 1 : 2));
            case "concat":
                return new ConcatNode(args);
            case "abs" or "round" or "floor" or "ceil" or "sqrt":
                return MathFunctions.Bind(name, args);
            default:
                return TemporalFunctions.Bind(name, args);
        }
    }

    private static CoalesceNode Coalesce(Node[] args)
    {
        if (args.Length == 0)
        {
            throw new DataException("coalesce needs at least one argument.");
        }

        var t = args[0].Type;
        for (var i = 1; i < args.Length; i++)
        {
            t = CommonType("coalesce", t, args[i].Type);
        }

        return new CoalesceNode([.. args.Select(a => CastNode.Create(a, t))], t);
    }

    /// <summary>The type two operands are converted to: numbers widen (int64 → decimal → float64), date → timestamp.</summary>
    public static DataType CommonType(string context, DataType a, DataType b)
    {
        if (a == b)
        {
            return a;
        }

        if (a.IsNumeric && b.IsNumeric)
        {
            if (a.Kind == TypeKind.Float64 || b.Kind == TypeKind.Float64)
            {
                return DataType.Float64;
            }

            return DataType.Decimal(Math.Max(a.Kind == TypeKind.Decimal ? a.Scale : 0, b.Kind == TypeKind.Decimal ? b.Scale : 0));
        }

        if (a.Kind is TypeKind.Date or TypeKind.Timestamp && b.Kind is TypeKind.Date or TypeKind.Timestamp)
        {
            return DataType.Timestamp;
        }

        throw new DataException($"{context}: {a} and {b} have no common type.");
    }

    public static void Arity(string name, Node[] args, int min, int max = -1)
    {
        if (args.Length < min || args.Length > Math.Max(min, max))
        {
            throw new DataException($"{name} takes {(max > min ? $"{min} to {max}" : min.ToString(System.Globalization.CultureInfo.InvariantCulture))} arguments, got {args.Length}.");
        }
    }

    public static void Expect(string name, Node arg, TypeKind kind)
    {
        if (arg.Type.Kind != kind)
        {
            throw new DataException($"{name} expects {kind.ToString().ToLowerInvariant()}, got {arg.Type}.");
        }
    }

    public static long IntConst(string name, Node arg) => arg is LiteralNode { IsNull: false } lit && arg.Type.Kind == TypeKind.Int64
        ? lit.Int
        : throw new DataException($"{name}: this argument must be a constant integer.");

    public static byte[] TextConst(string name, Node arg) => arg is LiteralNode { IsNull: false } lit && arg.Type.Kind == TypeKind.String
        ? lit.Utf8
        : throw new DataException($"{name}: this argument must be a constant string.");
}
