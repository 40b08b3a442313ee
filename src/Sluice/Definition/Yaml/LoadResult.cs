using Sluice.Diagnostics;

namespace Sluice.Definition.Yaml;

/// <summary>The outcome of loading a pipeline file: the definition when it is valid, and every problem found.</summary>
public sealed class LoadResult
{
    /// <summary>Creates a result.</summary>
    public LoadResult(PipelineDefinition? definition, IReadOnlyList<Diagnostic> diagnostics, string contentHash)
    {
        Definition = definition;
        Diagnostics = diagnostics;
        ContentHash = contentHash;
    }

    /// <summary>The validated definition, or null when there is at least one error.</summary>
    public PipelineDefinition? Definition { get; }

    /// <summary>Every error and warning, in source order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when the definition loaded without errors (warnings allowed).</summary>
    public bool Success => Definition is not null;

    /// <summary>The SHA-256 (lowercase hex) of the definition's canonical JSON; empty when loading failed.</summary>
    /// <seealso cref="DefinitionCanonicalizer"/>
    public string ContentHash { get; }

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error);
}
