using System.Collections.Concurrent;
using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.DataActions;
using Sluice.DataActions.IO;
using Sluice.Definition;
using Sluice.State;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>
/// One way of executing runs, as <see cref="ExecutorSemanticsContractTests"/> drives it: start a run, wait for its
/// end, cancel, resume, crash the process executing it and recover. Whatever happened is read back from
/// <see cref="Store"/>, the only place both kinds of engine leave their results.
/// </summary>
public abstract class RunEngine : IAsyncDisposable
{
    /// <summary>How long a run may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ConcurrentDictionary<string, PipelineDefinition> _pipelines = new(StringComparer.Ordinal);
    private int _versions;

    protected RunEngine(IStateStore store, TempDirectory dir)
    {
        Store = store;
        Dir = dir;
    }

    /// <summary>The store every run of this engine lives in.</summary>
    public IStateStore Store { get; }

    /// <summary>The built-in and the data actions; tests register their own before starting a run.</summary>
    public ActionRegistry Actions { get; } = DataActionSet.Register(BuiltInActions.CreateRegistry(), new TableProviders());

    /// <summary>A folder for files the test and its shell tasks share (also the artifact root's parent).</summary>
    public TempDirectory Dir { get; }

    /// <summary>The <c>--store</c> argument that opens <see cref="Store"/> from a child <c>sluice</c> process.</summary>
    public abstract string StoreArgument { get; }

    /// <summary>Starts a run of <paramref name="pipeline"/> and returns its id without waiting for it.</summary>
    public async Task<string> StartAsync(PipelineDefinition pipeline, IReadOnlyDictionary<string, object?>? inputs = null, string? sourceText = null)
    {
        var version = new PipelineVersionRecord(pipeline.Id, $"h{Interlocked.Increment(ref _versions)}-{Guid.NewGuid():N}", pipeline.Name, pipeline.Version, sourceText ?? "{}", null, T0);
        var runId = await StartAsync(pipeline, version, inputs ?? new Dictionary<string, object?>());
        _pipelines[runId] = pipeline;
        return runId;
    }

    /// <summary>Waits until the run is final (failing the test after <see cref="Patience"/>) and reads it back.</summary>
    public async Task<FinishedRun> WaitAsync(string runId)
    {
        var run = await WaitForRecordAsync(runId);
        run.State.IsFinal().ShouldBeTrue($"run {runId} did not end within {Patience}: {run.State}");
        return await ReadAsync(runId);
    }

    /// <summary>Starts a run and waits for its end.</summary>
    public async Task<FinishedRun> RunAsync(PipelineDefinition pipeline, IReadOnlyDictionary<string, object?>? inputs = null) =>
        await WaitAsync(await StartAsync(pipeline, inputs));

    /// <summary>Asks the engine to cancel a running run (it ends <c>cancelled</c> with "cancelled by request").</summary>
    public abstract Task CancelAsync(string runId);

    /// <summary>Resumes a failed, cancelled or crashed run to its end with the definition it started with.</summary>
    public async Task<FinishedRun> ResumeAsync(string runId)
    {
        await ResumeAsync(_pipelines[runId], runId);
        return await ReadAsync(runId);
    }

    /// <summary>
    /// Starts the stored YAML pipeline in a child <c>sluice</c> process that the test can kill; the run id is known
    /// once the run exists in the store.
    /// </summary>
    public abstract Task<CrashableRun> StartCrashableAsync(string yaml);

    /// <summary>Finishes a run whose process was killed, the way this engine recovers (resume, another worker).</summary>
    public abstract Task<FinishedRun> RecoverAsync(string runId);

    /// <summary>The run, its task rows and its attempts as stored now.</summary>
    public async Task<FinishedRun> ReadAsync(string runId) => new(
        (await Store.GetRunAsync(runId)).ShouldNotBeNull(),
        await Store.GetTaskInstancesAsync(runId),
        await Store.GetAttemptsAsync(runId));

    public virtual async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<string> StartAsync(PipelineDefinition pipeline, PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs);

    protected abstract Task<RunRecord> WaitForRecordAsync(string runId);

    protected abstract Task ResumeAsync(PipelineDefinition pipeline, string runId);
}
