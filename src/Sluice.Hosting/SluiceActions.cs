using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.AI;
using Sluice.DataActions;
using Sluice.DataActions.IO;
using Sluice.Postgres.Actions;
using Sluice.Stores;
using Sluice.Streaming;

namespace Sluice.Hosting;

/// <summary>
/// The actions pipelines may use, built in one place for every host (the CLI, the server, workers): the built-in
/// actions, the data actions, the PostgreSQL ones, the AI ones (<c>&lt;AUTO&gt;</c> by model, LLM row actions), the streaming one (<c>stream</c>), and —
/// given the opened store — the services actions keep in it (quality history, the model response cache).
/// </summary>
public static class SluiceActions
{
    /// <summary>
    /// A registry of every action. With <paramref name="store"/>, <c>analyze_data_quality</c> records its scores in
    /// the store's quality history and reports trends, and model answers are cached under its artifact root; without it
    /// (validation, schema, graphs) nothing is recorded or cached.
    /// </summary>
    public static ActionRegistry Create(SluiceStore? store = null)
    {
        var tables = new TableProviders();
        var registry = PostgresActions.Register(DataActionSet.Register(BuiltInActions.CreateRegistry(), tables, store?.QualityHistory, store?.Storage), tables);
        return StreamActionSet.Register(AiActionSet.Register(registry, tables, store?.ArtifactRoot, storage: store?.Storage), store?.Checkpoints, new DatasetReader(tables, store?.Storage));
    }
}
