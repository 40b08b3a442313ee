using Sluice.Actions;
using Sluice.AI.Auto;
using Sluice.AI.Chat;
using Sluice.AI.Enrichment;
using Sluice.DataActions.IO;

namespace Sluice.AI;

/// <summary>
/// Installs language models into a registry: <c>&lt;AUTO&gt;</c> values chosen by a task's <c>provider: openai</c>
/// model (<see cref="ActionRegistry.AutoResolver"/>) and the row actions <c>enrich_with_external</c> and <c>llm_map</c>.
/// All of them share one gateway per endpoint and model (rate limit, concurrency, circuit breaker) and one response cache.
/// </summary>
public static class AiActionSet
{
    /// <summary>The response cache's file name under the store's artifact root.</summary>
    public const string CacheFileName = "llm-cache.sqlite";

    /// <summary>
    /// Registers the AI actions and the <c>&lt;AUTO&gt;</c> resolver. With <paramref name="artifactRoot"/>, answers are
    /// cached in <see cref="CacheFileName"/> under it; without it (validation, schema) nothing is cached. Datasets in
    /// object stores are fetched through <paramref name="storage"/> (null: local files only).
    /// </summary>
    public static ActionRegistry Register(ActionRegistry registry, TableProviders tables, string? artifactRoot = null, TimeProvider? time = null, Files.FileStorage? storage = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(tables);
        var reader = new DatasetReader(tables, storage);
        var cache = artifactRoot is null ? null : new ResponseCache(Path.Combine(artifactRoot, CacheFileName));
        var gateways = new ChatGateways(cache, time ?? TimeProvider.System);
        registry.AutoResolver = new ModelAutoResolver(gateways, reader);
        return registry
            .Register(new EnrichWithExternalAction(reader, gateways))
            .Register(new LlmMapAction(reader, gateways));
    }
}
