using Sluice.State;

namespace Sluice.Execution.Semantics;

/// <summary>What an attempt produced: outputs, or a classified failure (error already redacted).</summary>
/// <param name="StartedAt">When the attempt started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Outputs">The action's outputs when it succeeded.</param>
/// <param name="OutputsJson">The outputs as stored (JSON) when it succeeded.</param>
/// <param name="Failure">The failure, when it did not succeed.</param>
internal readonly record struct AttemptResult(DateTimeOffset StartedAt, DateTimeOffset EndedAt, IReadOnlyDictionary<string, object?>? Outputs, string? OutputsJson, AttemptFailure? Failure)
{
    /// <summary>The datasets a succeeded attempt read and wrote; empty otherwise.</summary>
    public IReadOnlyList<Lineage.LineageRecord> Lineage { get; init; } = [];
    /// <summary>The source marks the success earned; every engine commits them in the transaction that records the success.</summary>
    public IReadOnlyList<SourceMarkRecord> Marks { get; init; } = [];

    /// <summary>What the attempt used of the machine, or null when it never started its action.</summary>
    public ResourceUsage? Usage { get; init; }

    /// <summary>How the attempt ended.</summary>
    public AttemptEnd End => Failure is { } f ? f.End : AttemptEnd.Succeeded;
}
