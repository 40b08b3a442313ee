using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.Sqlite.State;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Actions.SubPipeline;

/// <summary>Pipeline files in a temp folder, loaded from disk with the built-in actions and run on a temp SQLite store.</summary>
public sealed class SubPipelineHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    public SubPipelineHarness() => Store = new SqliteStateStore(_dir.File("state.db"));

    public SqliteStateStore Store { get; }

    public ActionRegistry Actions { get; } = BuiltInActions.CreateRegistry();

    public string Root => _dir.Path;

    /// <summary>Writes <paramref name="name"/> (a path below the folder); <c>$ROOT</c> in the text becomes the folder.</summary>
    public string Write(string name, string text)
    {
        var path = _dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("$ROOT", Root, StringComparison.Ordinal));
        return path;
    }

    public LoadResult LoadFile(string name) => PipelineLoader.LoadFile(_dir.File(name), Actions);

    public PipelineDefinition Load(string name)
    {
        var loaded = LoadFile(name);
        loaded.Definition.ShouldNotBeNull(string.Join("\n", loaded.Diagnostics));
        return loaded.Definition!;
    }

    public RunExecutor Executor() => new(Store, Actions, new ExecutorOptions { ArtifactRoot = _dir.File("artifacts"), Jitter = new Random(7) });

    public async Task<RunOutcome> RunAsync(string name, CancellationToken cancellationToken = default)
    {
        await Store.InitializeAsync(cancellationToken);
        var definition = Load(name);
        var version = new PipelineVersionRecord(definition.Id, "hash", definition.Name, definition.Version, File.ReadAllText(_dir.File(name)), _dir.File(name), DateTimeOffset.UnixEpoch);
        var inputs = InputBinder.Bind(definition, new Dictionary<string, object?>(), out var errors);
        errors.ShouldBeEmpty();
        return await Executor().RunAsync(definition, version, inputs, cancellationToken);
    }

    public Task<RunOutcome> ResumeAsync(string name, string runId) => Executor().ResumeAsync(Load(name), runId);

    public async Task<TaskInstanceRecord> TaskAsync(string runId, string taskId) =>
        (await Store.GetTaskInstancesAsync(runId)).Single(r => r.TaskId == taskId && r.MapIndex < 0);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}
