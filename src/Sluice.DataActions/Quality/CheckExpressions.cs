using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Metrics;
using Sluice.DataActions.ColumnBinding;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Quality;

/// <summary>
/// Expression checks (<c>expression: amount * quantity &gt;= 0</c>) use the pipeline's column-expression language,
/// bound by <see cref="ColumnBinder"/> and compiled to the data engine's kernels, as in <c>apply_transformations</c>.
/// </summary>
internal static class CheckExpressions
{
    /// <summary>Where an expression starts: its position inside the check, in the file or parameter path <paramref name="file"/>.</summary>
    public static SourceLocation Origin(QualityCheck check, string file) => new(file, check.ExpressionPosition.Line, check.ExpressionPosition.Column);

    /// <summary>
    /// Parses and binds an expression check's text (columns are checked only when <paramref name="schema"/> is given);
    /// returns the error located at the offending character, or null.
    /// </summary>
    public static ExpressionException? Check(QualityCheck check, SourceLocation origin, Schema? schema = null)
    {
        try
        {
            ColumnBinder.Parse(check.Expression!, origin, schema);
            return null;
        }
        catch (ExpressionException ex)
        {
            return ex;
        }
    }

    /// <summary>The compiler the metric engine calls once per check and schema; errors are located by <paramref name="originOf"/>.</summary>
    public static Func<QualityCheck, Schema, ExpressionBinding> Compiler(Func<QualityCheck, SourceLocation> originOf) => (check, schema) =>
    {
        try
        {
            return new ExpressionBinding(ColumnBinder.Compile(Expr.ParseColumns(check.Expression!, originOf(check)), schema));
        }
        catch (ExpressionException ex)
        {
            return ExpressionBinding.Failed(ex.Message);
        }
        catch (DataException ex)
        {
            return ExpressionBinding.Failed($"{originOf(check)}: {ex.Message}");
        }
    };
}
