using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.Sqlite.State;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Execution;

/// <summary>A real SQLite store in a temp folder plus an executor; pipelines are built from task lists.</summary>
public sealed class ExecutorHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    public ExecutorHarness() => Store = new SqliteStateStore(_dir.File("state.db"));

    public SqliteStateStore Store { get; }

    public ActionRegistry Actions { get; } = BuiltInActions.CreateRegistry();

    public TimerWatchingClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RunExecutor Executor(ExecutorOptions? options = null) =>
        new(Store, Actions, (options ?? new ExecutorOptions()) with { Time = Clock, Jitter = new Random(7), ArtifactRoot = _dir.File("artifacts") });

    public static TaskDefinition T(string id, string action, params string[] deps) => new() { Id = id, Action = action, Dependencies = deps };

    public static PipelineDefinition Pipeline(params TaskDefinition[] tasks) => new() { Id = "test", Tasks = tasks };

    public static PipelineVersionRecord Version(PipelineDefinition p) => new(p.Id, "hash-" + p.Tasks.Count, p.Name, p.Version, "{}", null, DateTimeOffset.UnixEpoch);

    public async Task<RunOutcome> RunAsync(PipelineDefinition p, ExecutorOptions? options = null, CancellationToken cancellationToken = default)
    {
        await Store.InitializeAsync(cancellationToken);
        return await Executor(options).RunAsync(p, Version(p), new Dictionary<string, object?>(), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}
