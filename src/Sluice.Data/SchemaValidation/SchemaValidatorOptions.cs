using Sluice.Data.Quarantine;

namespace Sluice.Data.SchemaValidation;

/// <summary>Options of a <see cref="SchemaValidator"/>.</summary>
public sealed record SchemaValidatorOptions
{
    /// <summary>How many errors (and, separately, type errors) are kept as samples; all are counted. The default is 1000.</summary>
    public int MaxErrorSamples { get; init; } = 1000;

    /// <summary>Where invalid rows go, with column, value and rule in the reason; null to drop them (they are still counted).</summary>
    public IQuarantineSink? Quarantine { get; init; }

    /// <summary>The name quarantine records give as their source (a file path). The default is <c>data</c>.</summary>
    public string SourceName { get; init; } = "data";
}
