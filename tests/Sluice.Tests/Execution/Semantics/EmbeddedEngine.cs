using System.Collections.Concurrent;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.Sqlite.State;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>The embedded engine: a <see cref="RunExecutor"/> in this process on a SQLite file; <c>sluice run</c>/<c>resume</c> for crashes.</summary>
public sealed class EmbeddedEngine : RunEngine
{
    private readonly ConcurrentDictionary<string, (Task<RunOutcome> Execution, CancellationTokenSource Cancel)> _running = new(StringComparer.Ordinal);

    private EmbeddedEngine(TempDirectory dir)
        : base(new SqliteStateStore(dir.File("state.db")), dir)
    {
    }

    public override string StoreArgument => Dir.File("state.db");

    public static async Task<EmbeddedEngine> CreateAsync()
    {
        var engine = new EmbeddedEngine(new TempDirectory());
        await engine.Store.InitializeAsync();
        return engine;
    }

    public override async Task CancelAsync(string runId) => await _running[runId].Cancel.CancelAsync();

    public override async Task<CrashableRun> StartCrashableAsync(string yaml)
    {
        var file = Dir.File("pipeline.yaml");
        await File.WriteAllTextAsync(file, yaml);
        var process = SluiceProcess.Start(Dir.Path, "run", file, "--store", StoreArgument, "--quiet");
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if ((await Store.ListRunsAsync(new RunQuery())) is [var run])
            {
                return new CrashableRun(run.RunId, process);
            }
            process.Process.HasExited.ShouldBeFalse("sluice run ended before its run was stored:\n" + process.Output);
            DateTime.UtcNow.ShouldBeLessThan(deadline, "sluice run never stored its run:\n" + process.Output);
            await Task.Delay(20);
        }
    }

    public override async Task<FinishedRun> RecoverAsync(string runId)
    {
        var (exitCode, output) = await SluiceProcess.RunAsync(Dir.Path, "resume", runId, "--store", StoreArgument, "--quiet");
        var finished = await ReadAsync(runId);
        finished.State.IsFinal().ShouldBeTrue($"sluice resume exited {exitCode} leaving the run {finished.State}:\n{output}");
        return finished;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var (_, (execution, cancel)) in _running)
        {
            await cancel.CancelAsync();
            await Task.WhenAny(execution, Task.Delay(Patience));
            cancel.Dispose();
        }
        await base.DisposeAsync();
    }

    protected override async Task<string> StartAsync(PipelineDefinition pipeline, PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs)
    {
        var executor = Executor();
        var run = await executor.StartAsync(pipeline, version, inputs);
        var cancel = new CancellationTokenSource();
        _running[run.RunId] = (Task.Run(() => executor.ExecuteAsync(pipeline, run, cancel.Token)), cancel);
        return run.RunId;
    }

    protected override async Task<RunRecord> WaitForRecordAsync(string runId)
    {
        try
        {
            await _running[runId].Execution.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            // The caller reports the run's state as it was left.
        }
        return (await Store.GetRunAsync(runId)).ShouldNotBeNull();
    }

    protected override async Task ResumeAsync(PipelineDefinition pipeline, string runId) =>
        await Executor().ResumeAsync(pipeline, runId).WaitAsync(Patience);

    private RunExecutor Executor() => new(Store, Actions, new ExecutorOptions { ArtifactRoot = Dir.File("artifacts") });
}
