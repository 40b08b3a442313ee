using Sluice.Data.Quality.Checks;

namespace Sluice.Data.SchemaValidation;

/// <summary>The outcome of parsing a schema: the schema, or every problem found.</summary>
/// <param name="Schema">The schema; null when there is at least one error.</param>
/// <param name="Diagnostics">Every error found, each with its position.</param>
public sealed record SchemaParseResult(SchemaDefinition? Schema, IReadOnlyList<QualityDiagnostic> Diagnostics)
{
    /// <summary>True when the schema parsed without errors.</summary>
    public bool Succeeded => Schema is not null;
}
