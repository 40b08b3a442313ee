namespace Sluice.Diagnostics;

/// <summary>Collects every problem found in one pass so that all of them are reported at once.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>All diagnostics in the order they were found.</summary>
    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>True when at least one error (not a warning) was reported.</summary>
    public bool HasErrors => _items.Exists(static d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Adds an error.</summary>
    public void Error(string code, SourceLocation location, string message, string? hint = null) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, location, hint));

    /// <summary>Adds a warning.</summary>
    public void Warning(string code, SourceLocation location, string message, string? hint = null) =>
        _items.Add(new Diagnostic(DiagnosticSeverity.Warning, code, message, location, hint));

    /// <summary>Adds an existing diagnostic.</summary>
    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    /// <summary>Adds several diagnostics.</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
}
