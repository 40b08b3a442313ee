namespace Sluice.Definition;

/// <summary>Descriptive metadata: never affects execution.</summary>
/// <param name="Description">Free text.</param>
/// <param name="Author">Free text.</param>
/// <param name="Tags">Labels for filtering in the CLI and UI.</param>
/// <param name="Extra">Any other keys, as written.</param>
public sealed record PipelineMetadata(string? Description, string? Author, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, object?> Extra)
{
    /// <summary>No metadata.</summary>
    public static PipelineMetadata Empty { get; } = new(null, null, [], TaskDefinition.EmptyMap);
}
