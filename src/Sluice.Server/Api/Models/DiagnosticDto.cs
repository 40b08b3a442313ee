using Sluice.Diagnostics;

namespace Sluice.Server.Api.Models;

/// <summary>A problem in a pipeline file, with <c>file:line:col</c>.</summary>
internal sealed record DiagnosticDto(string Severity, string Code, string Message, string Location, string File, int Line, int Column, string? Hint)
{
    public static DiagnosticDto From(Diagnostic d) =>
        new(d.Severity == DiagnosticSeverity.Error ? "error" : "warning", d.Code, d.Message, d.Location.ToString(), d.Location.File, d.Location.Line, d.Location.Column, d.Hint);
}
