using Sluice.Diagnostics;

namespace Sluice.Expressions.Syntax;

/// <summary>Builds SLU300 syntax errors that point at the offending character.</summary>
internal static class SyntaxErrors
{
    public const string Code = "SLU300";

    public static ExpressionException At(SourceMap source, int offset, string message, string? hint = null) =>
        new(new Diagnostic(DiagnosticSeverity.Error, Code, message, source.At(offset), hint));
}
