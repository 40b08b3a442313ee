using System.Collections.Concurrent;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Distributed;
using Sluice.Execution;
using Sluice.State;
using Sluice.Stores;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>
/// The distributed engine on a shared store: <see cref="DistributedRuns"/> starts runs, two in-process
/// <see cref="DistributedWorker"/>s execute them; a <c>sluice worker</c> child process is the one killed in crash
/// tests. Runs are resumed with <see cref="RunExecutor.ResumeAsync"/>, the only resume path a distributed run has.
/// </summary>
public sealed class DistributedEngine : RunEngine
{
    private readonly ConcurrentDictionary<(string, string), PipelineDefinition> _definitions = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly SluiceStore _opened;

    public DistributedEngine(SluiceStore store, string storeArgument, TempDirectory dir)
        : base(store.State, dir)
    {
        _opened = store;
        StoreArgument = storeArgument;
        Options = new WorkerOptions
        {
            Actions = Actions,
            Definitions = _definitions,
            PollInterval = TimeSpan.FromMilliseconds(25),
            // A killed worker's items come back once its lease expires; notice that quickly. Reaping happens on the
            // heartbeat, a third of the lease apart (PostgreSQL), so a shorter lease makes it come sooner.
            ReapInterval = TimeSpan.FromMilliseconds(100),
            LeaseDuration = TimeSpan.FromSeconds(3),
            ShutdownGrace = TimeSpan.FromSeconds(2),
            ArtifactRoot = dir.File("artifacts"),
        };
    }

    public override string StoreArgument { get; }

    public WorkerOptions Options { get; }

    public override async Task CancelAsync(string runId) =>
        (await new DistributedRuns(_opened, Options).CancelAsync(runId)).Outcome.ShouldBeOneOf(CancelOutcome.Stopping, CancelOutcome.Cancelled);

    public override async Task<CrashableRun> StartCrashableAsync(string yaml)
    {
        var loaded = PipelineLoader.Load(yaml, "pipeline.yaml", Actions);
        var pipeline = loaded.Definition.ShouldNotBeNull(string.Join("\n", loaded.Diagnostics));
        // A YAML version with its text stored: the child worker loads the definition from the store.
        var version = new PipelineVersionRecord(pipeline.Id, loaded.ContentHash, null, null, yaml, "pipeline.yaml", DateTimeOffset.UnixEpoch);
        var run = await new DistributedRuns(_opened, Options).StartAsync(pipeline, version, new Dictionary<string, object?>());
        var process = SluiceProcess.Start(Dir.Path, "worker", "--store", StoreArgument, "--lease", "1s", "--capacity", "4", "--artifacts", Dir.File("artifacts"));
        return new CrashableRun(run.RunId, process);
    }

    public override async Task<FinishedRun> RecoverAsync(string runId)
    {
        StartWorkers();
        return await WaitAsync(runId);
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
        await base.DisposeAsync();
        await _opened.DisposeAsync();
    }

    protected override async Task<string> StartAsync(PipelineDefinition pipeline, PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs)
    {
        _definitions[(version.PipelineId, version.Hash)] = pipeline;
        var run = await new DistributedRuns(_opened, Options).StartAsync(pipeline, version, inputs);
        StartWorkers();
        return run.RunId;
    }

    protected override Task<RunRecord> WaitForRecordAsync(string runId) => new DistributedRuns(_opened, Options).WaitAsync(runId, Patience);

    protected override async Task ResumeAsync(PipelineDefinition pipeline, string runId) =>
        await new RunExecutor(Store, Actions, new ExecutorOptions { ArtifactRoot = Dir.File("artifacts") }).ResumeAsync(pipeline, runId).WaitAsync(Patience);

    private void StartWorkers()
    {
        lock (_workers)
        {
            for (var i = _workers.Count; i < 2; i++)
            {
                var worker = new DistributedWorker(_opened, Options with { WorkerId = $"w{i}:{Guid.NewGuid():N}" });
                _workers.Add(Task.Run(() => worker.RunAsync(_stop.Token)));
            }
        }
    }
}
