using Sluice.Definition;
using Sluice.State;

namespace Sluice.Server.Catalog;

/// <summary>A validated pipeline definition and the stored version record it corresponds to.</summary>
/// <param name="Definition">The immutable definition.</param>
/// <param name="Version">Its version (content hash, label, source file).</param>
public sealed record ActivePipeline(PipelineDefinition Definition, PipelineVersionRecord Version);
