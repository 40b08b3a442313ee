using System.Text.Json;
using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.DataActions;
using Sluice.DataActions.IO;
using Sluice.Datasets;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Execution;
using Sluice.Sqlite.State;
using Sluice.State;
using Sluice.Tests.Testing;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.AI.Tests.Testing;

/// <summary>
/// Runs pipeline YAML with the built-in, data and AI actions on a temp SQLite store, as the composition root builds them;
/// the response cache lives under the artifact root like a real store's. <c>$ROOT</c> and <c>$STUB</c> in the YAML are
/// replaced by the temp folder and the stub's base URL.
/// </summary>
public sealed class AiPipelineHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    public AiPipelineHarness(string? stubUrl = null)
    {
        StubUrl = stubUrl ?? "http://127.0.0.1:9/v1";
        Store = new SqliteStateStore(_dir.File("state.db"));
        var tables = new TableProviders();
        Actions = AiActionSet.Register(DataActionSet.Register(BuiltInActions.CreateRegistry(), tables), tables, ArtifactRoot);
    }

    public string StubUrl { get; }

    public SqliteStateStore Store { get; }

    public ActionRegistry Actions { get; }

    public string Root => _dir.Path;

    public string ArtifactRoot => _dir.File("artifacts");

    public string Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    public PipelineDefinition Load(string yaml)
    {
        var text = yaml.Replace("$ROOT", Root, StringComparison.Ordinal).Replace("$STUB", StubUrl, StringComparison.Ordinal);
        var loaded = PipelineLoader.Load(text, "pipeline.yaml", Actions);
        loaded.Definition.ShouldNotBeNull(string.Join("\n", loaded.Diagnostics));
        return loaded.Definition!;
    }

    public async Task<RunOutcome> RunAsync(PipelineDefinition definition)
    {
        await Store.InitializeAsync();
        var version = new PipelineVersionRecord(definition.Id, "hash", definition.Name, definition.Version, "{}", null, DateTimeOffset.UnixEpoch);
        var bound = InputBinder.Bind(definition, new Dictionary<string, object?>(), out var errors);
        errors.ShouldBeEmpty();
        return await new RunExecutor(Store, Actions, new ExecutorOptions { ArtifactRoot = ArtifactRoot, Jitter = new Random(7) }).RunAsync(definition, version, bound);
    }

    public async Task<TaskInstanceRecord> TaskAsync(RunOutcome outcome, string task) =>
        (await Store.GetTaskInstancesAsync(outcome.RunId)).First(r => r.TaskId == task);

    public async Task<JsonElement> OutputsAsync(RunOutcome outcome, string task)
    {
        var t = await TaskAsync(outcome, task);
        t.OutputsJson.ShouldNotBeNull($"task {task} is {t.State}: {t.Error}");
        return JsonDocument.Parse(t.OutputsJson!).RootElement.Clone();
    }

    public async Task<IReadOnlyList<LogRecord>> LogsAsync(RunOutcome outcome, string stream) =>
        [.. (await Store.GetLogsAsync(outcome.RunId)).Where(l => l.Stream == stream)];

    /// <summary>The rows of a dataset output as maps of column → text (the artifact as CSV; no quoting in tests' data).</summary>
    public static IReadOnlyList<Dictionary<string, string>> ReadRows(JsonElement datasetOutput)
    {
        var path = DatasetRef.FromJson(datasetOutput).Path;
        var lines = ArtifactFile.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => l.Split(',')).Select(cells => header.Select((h, i) => (h, cells[i])).ToDictionary(static p => p.h, static p => p.Item2))];
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}
