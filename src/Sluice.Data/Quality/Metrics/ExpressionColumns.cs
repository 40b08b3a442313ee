using Sluice.Data.ColumnExpressions;

namespace Sluice.Data.Quality.Metrics;

/// <summary>The columns an engine expression reads, in first-use order, to describe a failing row.</summary>
internal static class ExpressionColumns
{
    public static IReadOnlyList<string> Of(ColumnExpr expression)
    {
        var names = new List<string>();
        Collect(expression, names);
        return names;
    }

    private static void Collect(ColumnExpr expression, List<string> names)
    {
        switch (expression)
        {
            case ColumnRef c when !names.Contains(c.Name):
                names.Add(c.Name);
                break;
            case BinaryExpr b:
                Collect(b.Left, names);
                Collect(b.Right, names);
                break;
            case UnaryExpr u:
                Collect(u.Operand, names);
                break;
            case CastExpr c:
                Collect(c.Operand, names);
                break;
            case CallExpr call:
                foreach (var argument in call.Arguments)
                {
                    Collect(argument, names);
                }

                break;
        }
    }
}
