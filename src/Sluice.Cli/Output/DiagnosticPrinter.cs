using Sluice.Diagnostics;
using Spectre.Console;

namespace Sluice.Cli.Output;

/// <summary>Prints diagnostics to stderr, one per line with file:line:col, errors in red.</summary>
internal static class DiagnosticPrinter
{
    public static void Print(IReadOnlyList<Diagnostic> diagnostics, bool skipWarnings = false)
    {
        foreach (var d in diagnostics)
        {
            if (skipWarnings && d.Severity == DiagnosticSeverity.Warning)
            {
                continue;
            }
            var color = d.Severity == DiagnosticSeverity.Error ? "red" : "yellow";
            var where = d.Location.ToString();
            var prefix = where.Length > 0 ? $"{Markup.Escape(where)}: " : "";
            var sev = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
            Terminal.Diag.MarkupLine($"{prefix}[{color}]{sev} {d.Code}[/]: {Markup.Escape(d.Message)}");
            if (d.Hint is not null)
            {
                Terminal.Diag.MarkupLine($"    [grey]hint: {Markup.Escape(d.Hint)}[/]");
            }
        }
    }
}
