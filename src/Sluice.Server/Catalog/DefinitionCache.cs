using System.Collections.Concurrent;
using Sluice.Actions;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.State;

namespace Sluice.Server.Catalog;

/// <summary>
/// Definitions by (pipeline id, content hash): those loaded from the folder, and older versions
/// read back from the store when a run page or a resume needs them. Bounded.
/// </summary>
internal sealed class DefinitionCache(IStateStore store, ActionRegistry actions)
{
    private const int Capacity = 512;
    private readonly ConcurrentDictionary<(string, string), PipelineDefinition> _items = new();

    public void Add(PipelineDefinition definition, string hash)
    {
        if (_items.Count >= Capacity)
        {
            // Rarely reached (hundreds of distinct versions); starting over is simpler than LRU and stays correct.
            _items.Clear();
        }
        _items[(definition.Id, hash)] = definition;
    }

    /// <summary>The definition of a stored version, or null when the version is missing or no longer validates.</summary>
    public async Task<PipelineDefinition?> GetAsync(string pipelineId, string hash, CancellationToken cancellationToken)
    {
        if (_items.TryGetValue((pipelineId, hash), out var cached))
        {
            return cached;
        }
        var version = await store.GetPipelineVersionAsync(pipelineId, hash, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            return null;
        }
        var loaded = PipelineLoader.Load(version.SourceText, version.SourcePath ?? pipelineId + ".yaml", actions);
        if (loaded.Definition is { } d)
        {
            Add(d, hash);
        }
        return loaded.Definition;
    }
}
