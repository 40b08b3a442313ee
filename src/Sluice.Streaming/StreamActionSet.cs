using Sluice.Actions;
using Sluice.DataActions.IO;

namespace Sluice.Streaming;

/// <summary>Installs the streaming action (<c>stream</c>) into a registry.</summary>
public static class StreamActionSet
{
    /// <summary>
    /// Registers <c>stream</c>. With <paramref name="checkpoints"/> (the opened store's), streams checkpoint and resume;
    /// without it (validation, schema) nothing is stored.
    /// </summary>
    /// <param name="registry">The registry to add to.</param>
    /// <param name="checkpoints">Where checkpoints go, or null.</param>
    /// <param name="reader">Opens the reference datasets of <c>enrich</c> steps (files, upstream outputs, database tables); null allows none.</param>
    public static ActionRegistry Register(ActionRegistry registry, CheckpointStore? checkpoints = null, DatasetReader? reader = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register(new StreamAction(checkpoints, reader));
    }
}
