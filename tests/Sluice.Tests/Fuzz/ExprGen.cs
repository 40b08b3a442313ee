using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Sluice.Expressions.Functions;

namespace Sluice.Tests.Fuzz;

/// <summary>
/// Generators of expression text: random syntax trees over every built-in function and operator (nesting grows with
/// the case size), the expressions of the docs and examples with random edits, and token soup.
/// </summary>
internal static class ExprGen
{
    /// <summary>Tokens that matter to the expression language.</summary>
    public static readonly string[] Tokens =
    [
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "|", "+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", "<=", ">", ">=", " in ",
        " not in ", " and ", " or ", "not ", " if ", " else ", "'", "\"", "\\", "{{", "}}", "None", "null", "true", "True", "1e308", "1e309",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "0.5", "nan", "inf", "range(1000000)", "* 1000000", "[0]*1000",
        "inputs", "item", "env", "context", "secret('x')", "str(", "len(", "| length", "| join(',')", "| sort", "[::-1]", "[1:]", "[-1]",
    ];

    private static readonly string[] Atoms =
    [
        "0", "1", "2", "-1", "3", "10", "100", "0.5", "2.5", "-0.0", "1e308", "1e-320", "9223372036854775807",
"'a'", "'abc'", "''", "\"x y\"", "'it\\'s'", "'\\u00e9'", "'\\n'", "'%s'", "'{}'", "'{0}'", "'1,2'", "'2026-12-07'",
        "true", "false", "True", "None", "null", "inputs", "inputs.x", "inputs.s", "inputs.l", "inputs.m", "inputs.m.a", "inputs.n", "inputs.f",
        "inputs.big", "inputs.deep", "inputs.nosuch", "item", "env", "env.HOME", "context", "context.run_id", "a.stdout", "nosuch", "[]", "{}",
    ];

    private static readonly string[] BinaryOperators =
        ["+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or"];

    /// <summary>A random well-formed-looking expression; depth grows with FsCheck's size.</summary>
    public static Gen<string> Tree() => Gen.Sized(size => Node(Math.Min(2 + (size / 15), 7)));

    /// <summary>The expressions found in examples/ and docs/, edited.</summary>
    public static Gen<string> Mutated() => Mutations.Of(Corpus.Expressions, Tokens, maxEdits: 2);

    /// <summary>Tokens and atoms strung together at random.</summary>
    public static Gen<string> Soup() =>
        Gen.Choose(1, 25).SelectMany(n => Gen.ArrayOf(Gen.Elements(Tokens.Concat(Atoms).ToArray()), n)).Select(static p => string.Join(' ', p));

    private static readonly FunctionInfo[] Functions =
        [.. Builtins.Names.Select(static n => Builtins.TryGet(n, out var f) ? f : throw new InvalidOperationException(n))];

    private static readonly string[] Unknown = ["nosuch", "eval", "__import__", "open"];

    /// <summary>Mostly a valid argument count for <paramref name="f"/> (less <paramref name="piped"/>, the value a filter gets), sometimes not.</summary>
    private static Gen<int> Arity(FunctionInfo f, int piped) =>
        Gen.Frequency(
            (6, Gen.Choose(Math.Max(0, f.MinArgs - piped), Math.Max(0, Math.Min(f.MaxArgs, f.MinArgs + 3) - piped))),
            (1, Gen.Choose(0, 4)));

    private static Gen<string> Args(Gen<string> sub, int count) => Gen.ArrayOf(sub, count).Select(static a => string.Join(", ", a));

    private static Gen<string> Node(int depth)
    {
        var atom = Gen.Frequency(
            (80, Gen.Elements(Atoms)),
            (1, Gen.Elements("9223372036854775808", "-9223372036854775808", "1e999")),
            (10, Gen.Choose(-100000, 100000).Select(static i => i.ToString(CultureInfo.InvariantCulture))));
        if (depth <= 0)
        {
            return atom;
        }
        var sub = Node(depth - 1);
        var args = Gen.Choose(0, 3).SelectMany(n => Args(sub, n));
        return Gen.Frequency(
            (30, atom),
            (20, from l in sub from op in Gen.Elements(BinaryOperators) from r in sub select $"{l} {op} {r}"),
            (1, from f in Gen.Elements(Unknown) from a in args select $"{f}({a})"),
            (20, from f in Gen.Elements(Functions) from n in Arity(f, 0) from a in Args(sub, n) select $"{f.Name}({a})"),
            (20, from v in sub
                 from f in Gen.Elements(Functions)
                 from n in Arity(f, 1)
                 from a in Args(sub, n)
                 select n == 0 ? $"{v} | {f.Name}" : $"{v} | {f.Name}({a})"),
            (10, args.Select(static a => $"[{a}]")),
            (5, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(from k in sub from v in sub select $"{k}: {v}", n)).Select(static e => $"{{{string.Join(", ", e)}}}")),
            (10, from v in sub from i in sub select $"{v}[{i}]"),
            (5, from v in sub
                from a in Gen.Elements("", "1", "-1", "0")
                from b in Gen.Elements("", "2", "-1", "100")
                from s in Gen.Elements("", ":-1", ":2", ":0")
                select $"{v}[{a}:{b}{s}]"),
            (5, from v in sub from m in Gen.Elements("x", "stdout", "length", "items", "upper", "__class__") select $"{v}.{m}"),
            (5, from a in sub from c in sub from b in sub select $"{a} if {c} else {b}"),
            (5, sub.Select(static v => $"not {v}")),
            (5, sub.Select(static v => $"-{v}")),
            (10, sub.Select(static v => $"({v})")));
    }
}
