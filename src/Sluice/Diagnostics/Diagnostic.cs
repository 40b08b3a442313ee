namespace Sluice.Diagnostics;

/// <summary>One problem found in a pipeline definition, with where it is and how to fix it.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable code such as <c>SLU012</c>, listed in docs/errors.md.</param>
/// <param name="Message">What is wrong, quoting the bad value.</param>
/// <param name="Location">Where it is.</param>
/// <param name="Hint">What to do about it (a "did you mean", the allowed values...); may be null.</param>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, SourceLocation Location, string? Hint = null)
{
    /// <summary>Formats as <c>file:line:col: error SLU012: message (hint)</c>.</summary>
    public override string ToString()
    {
        var sev = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var where = Location.ToString();
        var head = where.Length > 0 ? $"{where}: {sev} {Code}: {Message}" : $"{sev} {Code}: {Message}";
        return Hint is null ? head : $"{head}\n    hint: {Hint}";
    }
}
