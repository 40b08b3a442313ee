namespace Sluice.Diagnostics;

/// <summary>A pipeline definition is invalid; carries every problem found.</summary>
public sealed class DefinitionException : SluiceException
{
    /// <summary>Creates the exception from the problems found.</summary>
    public DefinitionException(IReadOnlyList<Diagnostic> diagnostics)
        : base(Format(diagnostics)) => Diagnostics = diagnostics;

    /// <summary>Every problem, errors and warnings.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    private static string Format(IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(static d => d.Severity == DiagnosticSeverity.Error);
        return $"The pipeline definition has {errors} error(s):\n" + string.Join('\n', diagnostics);
    }
}
