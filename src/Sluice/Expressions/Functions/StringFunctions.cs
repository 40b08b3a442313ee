using System.Text;
using Sluice.Expressions.Evaluation;

namespace Sluice.Expressions.Functions;

/// <summary>lower, upper, trim/strip, replace, split, join, startswith, endswith, format.</summary>
internal static partial class StringFunctions
{
    public static void Register(Registrar add)
    {
        add("lower", 1, 1, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Args.Text(ref c, o, "lower", a, 0).ToLowerInvariant());
        add("upper", 1, 1, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Args.Text(ref c, o, "upper", a, 0).ToUpperInvariant());
        add("trim", 1, 2, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Trim(ref c, o, "trim", a));
        add("strip", 1, 2, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Trim(ref c, o, "strip", a));
        add("replace", 3, 3, Replace);
        add("split", 1, 2, Split);
        add("join", 1, 2, Join);
        add("startswith", 2, 2, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Affix(ref c, o, "startswith", a, atStart: true));
        add("endswith", 2, 2, static (ref EvalContext c, int o, ReadOnlySpan<object?> a) => Affix(ref c, o, "endswith", a, atStart: false));
        add("format", 1, int.MaxValue, Format);
    }

    private static string Trim(ref EvalContext context, int offset, string name, ReadOnlySpan<object?> args)
    {
        var text = Args.Text(ref context, offset, name, args, 0);
        return args.Length == 1 || args[1] is null ? text.Trim() : text.Trim(Args.Text(ref context, offset, name, args, 1).ToCharArray());
    }

    private static object Replace(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var text = Args.Text(ref context, offset, "replace", args, 0);
        var old = Args.Text(ref context, offset, "replace", args, 1);
        var replacement = Args.Text(ref context, offset, "replace", args, 2);
        if (old.Length == 0)
        {
            throw context.Error(offset, "replace() cannot replace an empty string");
        }

        // Count first so that an oversized result is refused before it is allocated.
        long count = 0;
        for (var at = text.IndexOf(old, StringComparison.Ordinal); at >= 0; at = text.IndexOf(old, at + old.Length, StringComparison.Ordinal))
        {
            count++;
        }

        context.Charge(count, offset);
        context.CheckStringLength(text.Length + (count * (replacement.Length - old.Length)), offset);
        return text.Replace(old, replacement, StringComparison.Ordinal);
    }

    private static object Split(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var text = Args.Text(ref context, offset, "split", args, 0);
        string[] parts;
        if (args.Length == 1 || args[1] is null)
        {
            // Like Python's split(): runs of whitespace separate, and leading/trailing whitespace yields nothing.
            parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        }
        else
        {
            var separator = Args.Text(ref context, offset, "split", args, 1);
            if (separator.Length == 0)
            {
                throw context.Error(offset, "split() separator cannot be empty");
            }

            parts = text.Split(separator, StringSplitOptions.None);
        }

        context.Charge(parts.Length, offset);
        context.CheckListLength(parts.Length, offset);
        return parts;
    }

    private static object Join(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var items = Args.List(ref context, offset, "join", args, 0);
        var separator = args.Length == 1 || args[1] is null ? string.Empty : Args.Text(ref context, offset, "join", args, 1);
        context.Charge(items.Count, offset);
        var builder = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            builder.Append(context.ToText(items[i], offset));
            context.CheckStringLength(builder.Length, offset);
        }

        return builder.ToString();
    }

    private static bool Affix(ref EvalContext context, int offset, string name, ReadOnlySpan<object?> args, bool atStart)
    {
        var text = Args.Text(ref context, offset, name, args, 0);
        if (args[1] is IReadOnlyList<object?> options)
        {
            // Python accepts a tuple of candidates; a list plays that role here.
            for (var i = 0; i < options.Count; i++)
            {
                if (options[i] is not string option)
                {
                    throw context.Error(offset, $"{name}() candidates must be strings, not '{ExprValues.TypeName(options[i])}'");
                }

                if (atStart ? text.StartsWith(option, StringComparison.Ordinal) : text.EndsWith(option, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        var affix = Args.Text(ref context, offset, name, args, 1);
        return atStart ? text.StartsWith(affix, StringComparison.Ordinal) : text.EndsWith(affix, StringComparison.Ordinal);
    }
}
