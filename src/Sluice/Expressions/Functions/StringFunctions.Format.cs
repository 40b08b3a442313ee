using System.Globalization;
using System.Text;
using Sluice.Expressions.Evaluation;

namespace Sluice.Expressions.Functions;

/// <summary>format(fmt, args...): <c>{}</c> takes the next argument, <c>{N}</c> argument N, <c>{{</c> and <c>}}</c> are braces.</summary>
internal static partial class StringFunctions
{
    private static object Format(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var format = Args.Text(ref context, offset, "format", args, 0);
        var values = args[1..];
        var builder = new StringBuilder(format.Length + 16);
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                builder.Append(c);
                i++;
                continue;
            }

            if (c == '}')
            {
                throw context.Error(offset, $"format() found a single '}}' at position {i}; write '}}}}' for a literal brace");
            }

            if (c != '{')
            {
                builder.Append(c);
                continue;
            }

            var close = format.IndexOf('}', i + 1);
            if (close < 0)
            {
                throw context.Error(offset, $"format() found an unclosed '{{' at position {i}");
            }

            var index = Placeholder(ref context, offset, format.AsSpan(i + 1, close - i - 1), ref next);
            if (index >= values.Length)
            {
                throw context.Error(offset, $"format() placeholder {{{index}}} has no argument ({values.Length} given)");
            }

            builder.Append(context.ToText(values[index], offset));
            context.CheckStringLength(builder.Length, offset);
            i = close;
        }

        return builder.ToString();
    }

    private static int Placeholder(ref EvalContext context, int offset, ReadOnlySpan<char> inside, ref int next)
    {
        if (inside.IsEmpty)
        {
            return next++;
        }

        if (int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return index;
        }

        throw context.Error(offset, $"format() supports only {{}} and {{N}} placeholders, not '{{{inside}}}'; format numbers with round() first");
    }
}
