using System.Collections.Concurrent;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Distributed;

/// <summary>
/// Loads and caches what workers need per run: the run row, and the compiled pipeline version (by id and
/// hash, from the store's <c>pipeline_versions</c>, or from <see cref="WorkerOptions.Definitions"/> for C# definitions).
/// </summary>
internal sealed class RunContextCache
{
    private const int MaxRuns = 256;
    private readonly IStateStore _store;
    private readonly WorkerOptions _options;
    private readonly ConcurrentDictionary<(string, string), Lazy<Task<PipelineModel>>> _models = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<RunContext>>> _runs = new(StringComparer.Ordinal);

    public RunContextCache(IStateStore store, WorkerOptions options)
    {
        _store = store;
        _options = options;
    }

    public Task<RunContext> GetAsync(string runId, CancellationToken cancellationToken)
    {
        if (_runs.Count > MaxRuns)
        {
            // Rarely reached (a worker serving hundreds of live runs); dropping entries only costs reloads.
            _runs.Clear();
        }
        var lazy = _runs.GetOrAdd(runId, id => new Lazy<Task<RunContext>>(() => LoadAsync(id, CancellationToken.None)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _runs.TryRemove(new KeyValuePair<string, Lazy<Task<RunContext>>>(runId, lazy));
        }
        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Registers a context built by the process that created the run (saves a reload).</summary>
    public void Add(RunContext context) =>
        _runs[context.Run.RunId] = new Lazy<Task<RunContext>>(Task.FromResult(context));

    public void Forget(string runId) => _runs.TryRemove(runId, out _);

    private async Task<RunContext> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await _store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new SluiceException($"Run '{runId}' has queued work but no run row (was it purged?).");
        var model = await GetModelAsync(run.PipelineId, run.VersionHash, cancellationToken).ConfigureAwait(false);
        return new RunContext(run, model, _options);
    }

    public Task<PipelineModel> GetModelAsync(string pipelineId, string hash, CancellationToken cancellationToken)
    {
        var lazy = _models.GetOrAdd((pipelineId, hash), key => new Lazy<Task<PipelineModel>>(() => LoadModelAsync(key.Item1, key.Item2, CancellationToken.None)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _models.TryRemove(new KeyValuePair<(string, string), Lazy<Task<PipelineModel>>>((pipelineId, hash), lazy));
        }
        return task.WaitAsync(cancellationToken);
    }

    private async Task<PipelineModel> LoadModelAsync(string pipelineId, string hash, CancellationToken cancellationToken)
    {
        if (_options.Definitions.TryGetValue((pipelineId, hash), out var registered))
        {
            return new PipelineModel(registered, _options.Actions);
        }
        var version = await _store.GetPipelineVersionAsync(pipelineId, hash, cancellationToken).ConfigureAwait(false)
            ?? throw new SluiceException($"Pipeline '{pipelineId}' version {hash[..Math.Min(12, hash.Length)]} is not in the store.");
        var loaded = PipelineLoader.Load(version.SourceText, version.SourcePath ?? pipelineId + ".yaml", _options.Actions);
        if (loaded.Definition is null)
        {
            var first = loaded.Errors.FirstOrDefault();
            throw new SluiceException($"Pipeline '{pipelineId}' version {hash[..Math.Min(12, hash.Length)]} cannot be loaded by this worker: {first?.ToString() ?? "invalid definition"}. "
                + "A definition built in C# must be registered in WorkerOptions.Definitions; an action it names must be registered in WorkerOptions.Actions.");
        }
        if (!string.Equals(loaded.ContentHash, hash, StringComparison.Ordinal))
        {
            throw new SluiceException($"Pipeline '{pipelineId}': the stored text hashes to {loaded.ContentHash[..12]}, not {hash[..Math.Min(12, hash.Length)]}; "
                + "it is a C# definition or was stored by another Sluice version. Register it in WorkerOptions.Definitions.");
        }
        return new PipelineModel(loaded.Definition, _options.Actions);
    }
}
