using System.Globalization;
using Sluice.Expressions.Evaluation;

namespace Sluice.Expressions.Functions;

/// <summary>
/// shell_quote and sql_literal: a value written so that, spliced into a shell command line or an SQL statement, it
/// stays one word or one literal whatever it holds.
/// </summary>
internal static class QuotingFunctions
{
    public static void Register(Registrar add)
    {
        add("shell_quote", 1, 1, ShellQuote);
        add("sql_literal", 1, 1, SqlLiteral);
    }

    /// <summary>
    /// POSIX single quotes: nothing inside them is special to the shell except the closing quote, so each
    /// <c>'</c> of the text becomes <c>'\''</c> (close, an escaped quote, reopen). Null is the empty word <c>''</c>.
    /// </summary>
    private static object ShellQuote(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        var text = context.ToText(args[0], offset);
        var quotes = text.AsSpan().Count('\'');
        context.CheckStringLength(text.Length + 2 + (3L * quotes), offset);
        return "'" + (quotes == 0 ? text : text.Replace("'", "'\\''", StringComparison.Ordinal)) + "'";
    }

    /// <summary>
    /// An SQL literal: null is <c>NULL</c>, booleans <c>TRUE</c>/<c>FALSE</c>, numbers stay numbers (negative ones in
    /// parentheses, so that <c>x -{{ n }}</c> cannot become the comment <c>--</c>), and anything else is its text in
    /// single quotes with each quote doubled (standard SQL strings: SQLite, and PostgreSQL with its default
    /// <c>standard_conforming_strings = on</c>).
    /// </summary>
    private static object SqlLiteral(ref EvalContext context, int offset, ReadOnlySpan<object?> args)
    {
        switch (args[0])
        {
            case null:
                return "NULL";
            case bool b:
                return b ? "TRUE" : "FALSE";
            case long l:
                var digits = l.ToString(CultureInfo.InvariantCulture);
                return l < 0 ? $"({digits})" : digits;
            case double d when !double.IsFinite(d):
                throw context.Error(offset, $"sql_literal cannot write {ExprValues.FormatDouble(d)} as an SQL number");
            case double d:
                var number = ExprValues.FormatDouble(d);
                return number.StartsWith('-') ? $"({number})" : number;
            default:
                var text = context.ToText(args[0], offset);
                var quotes = text.AsSpan().Count('\'');
                context.CheckStringLength(text.Length + 2 + quotes, offset);
                return "'" + (quotes == 0 ? text : text.Replace("'", "''", StringComparison.Ordinal)) + "'";
        }
    }
}
