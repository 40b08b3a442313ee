using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Definition.Yaml;

/// <summary>The outcome of loading a pipeline file: the definition when it is valid, and every problem found.</summary>
public sealed class LoadResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="definition">The validated definition, or null.</param>
    /// <param name="diagnostics">Every error and warning.</param>
    /// <param name="contentHash">The hash of <paramref name="definition"/>'s canonical form; empty when loading failed.</param>
    /// <param name="sourceText">The text that was loaded. The default is empty.</param>
    public LoadResult(PipelineDefinition? definition, IReadOnlyList<Diagnostic> diagnostics, string contentHash, string sourceText = "")
    {
        Definition = definition;
        Diagnostics = diagnostics;
        ContentHash = contentHash;
        SourceText = sourceText;
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

    /// <summary>The exact text that was parsed (empty when the file could not be read): the text <see cref="ContentHash"/> was computed from.</summary>
    public string SourceText { get; }

    /// <summary>The errors only.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// The version record of the loaded definition: its hash and the very text it was computed from, so the stored
    /// text always reloads to the stored hash, even when the file changed after it was read.
    /// </summary>
    /// <param name="sourcePath">The file the text came from, or null.</param>
    /// <param name="createdAt">When the version is first stored.</param>
    /// <exception cref="InvalidOperationException">Loading failed (there is no definition).</exception>
    public PipelineVersionRecord ToVersion(string? sourcePath, DateTimeOffset createdAt)
    {
        var definition = Definition ?? throw new InvalidOperationException("the pipeline did not load; it has no version");
        return new PipelineVersionRecord(definition.Id, ContentHash, definition.Name, definition.Version, SourceText, sourcePath, createdAt);
    }
}
