using Sluice.Actions;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.Files;
using Sluice.Sqlite.State;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.DataActions.Tests;

/// <summary>Loads pipeline YAML with the built-in actions and runs it on a temp SQLite store; files live in a temp folder.</summary>
public sealed class DataPipelineHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    public DataPipelineHarness() => Store = new SqliteStateStore(_dir.File("state.db"));

    public SqliteStateStore Store { get; }

    public ActionRegistry Actions { get; } = AllActions.CreateRegistry();

    public string Root => _dir.Path;

    public string File(string name) => _dir.File(name);

    public string Write(string name, string text)
    {
        var path = _dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public PipelineDefinition Load(string yaml)
    {
        var loaded = PipelineLoader.Load(yaml.Replace("$ROOT", Root, StringComparison.Ordinal), "pipeline.yaml", Actions);
        loaded.Definition.ShouldNotBeNull(string.Join("\n", loaded.Diagnostics));
        return loaded.Definition!;
    }

    public string ArtifactRoot => _dir.File("artifacts");

    /// <summary>The file policy runs execute with; the default confines nothing.</summary>
    public PathPolicy Files { get; set; } = PathPolicy.Unrestricted;

    public RunExecutor Executor() => new(Store, Actions, new ExecutorOptions { ArtifactRoot = ArtifactRoot, Jitter = new Random(7), Files = Files });

    public async Task<RunOutcome> RunAsync(PipelineDefinition definition, IReadOnlyDictionary<string, object?>? inputs = null)
    {
        await Store.InitializeAsync();
        var version = new PipelineVersionRecord(definition.Id, "hash", definition.Name, definition.Version, "{}", null, DateTimeOffset.UnixEpoch);
        var bound = InputBinder.Bind(definition, inputs ?? new Dictionary<string, object?>(), out var errors);
        errors.ShouldBeEmpty();
        return await Executor().RunAsync(definition, version, bound);
    }

    public async Task<string> ErrorOfAsync(RunOutcome outcome, string task)
    {
        var rows = await Store.GetTaskInstancesAsync(outcome.RunId);
        return rows.First(r => r.TaskId == task).Error ?? "";
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}
