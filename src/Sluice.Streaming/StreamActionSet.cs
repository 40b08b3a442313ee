using Sluice.Actions;

namespace Sluice.Streaming;

/// <summary>Installs the streaming action (<c>stream</c>) into a registry.</summary>
public static class StreamActionSet
{
    /// <summary>
    /// Registers <c>stream</c>. With <paramref name="checkpoints"/> (the opened store's), streams checkpoint and resume;
    /// without it (validation, schema) nothing is stored.
    /// </summary>
    public static ActionRegistry Register(ActionRegistry registry, CheckpointStore? checkpoints = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register(new StreamAction(checkpoints));
    }
}
