namespace Sluice.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is. Errors stop a pipeline from running.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The pipeline runs, but something deserves attention.</summary>
    Warning,

    /// <summary>The pipeline cannot run.</summary>
    Error,
}
