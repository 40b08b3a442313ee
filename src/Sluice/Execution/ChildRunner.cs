using Sluice.Actions;
using Sluice.Definition;
using Sluice.State;

namespace Sluice.Execution;

/// <summary>
/// Runs another pipeline as a child of the run an action belongs to: on the same store, with the same executor
/// settings (artifact root, clock, secrets, services), without the process-wide task slots (a parent task holding a
/// slot while its child waits for one could deadlock). An embedded run offers it to its actions through
/// <see cref="ActionContext.Services"/>: <c>context.Services?.GetService(typeof(ChildRunner))</c>. Distributed
/// workers do not offer it.
/// </summary>
public sealed class ChildRunner
{
    private readonly ExecutorOptions _options;
    private readonly RunRecord _parentRun;

    internal ChildRunner(IStateStore store, ActionRegistry actions, ExecutorOptions options, PipelineDefinition parent, RunRecord parentRun, ChildRunner? outer)
    {
        Store = store;
        Actions = actions;
        _options = options;
        _parentRun = parentRun;
        Parent = parent;
        Depth = outer is null ? 0 : outer.Depth + 1;
        Chain = outer is null ? [parent.Id] : [.. outer.Chain, parent.Id];
    }

    /// <summary>The definition of the run the calling action belongs to.</summary>
    public PipelineDefinition Parent { get; }

    /// <summary>The id of the run the calling action belongs to.</summary>
    public string ParentRunId => _parentRun.RunId;

    /// <summary>How deep the calling run is nested: 0 for a run nobody started as a child, 1 for its children...</summary>
    public int Depth { get; }

    /// <summary>The pipeline ids from the outermost run down to <see cref="Parent"/>.</summary>
    public IReadOnlyList<string> Chain { get; }

    /// <summary>The store the runs live in.</summary>
    public IStateStore Store { get; }

    /// <summary>The actions child pipelines may use (those of the parent's executor).</summary>
    public ActionRegistry Actions { get; }

    /// <summary>The executor's clock.</summary>
    public TimeProvider Time => _options.Time;

    /// <summary>
    /// Runs the child run <paramref name="runId"/> to its end and returns its outcome. When the run does not exist
    /// it is created with <paramref name="inputs"/>, <paramref name="trigger"/> and the parent's logical date. When it
    /// exists it is resumed (succeeded tasks keep their outputs, the rest run again), or, when it already succeeded,
    /// nothing runs and its outputs and result are read back. Cancelling <paramref name="cancellationToken"/>
    /// cancels the child, which then ends <see cref="RunState.Cancelled"/>.
    /// </summary>
    /// <param name="definition">The child's definition (for an existing run, the version it started with).</param>
    /// <param name="version">The child's stored version; saved when new.</param>
    /// <param name="inputs">Bound inputs of a new run; ignored when the run exists.</param>
    /// <param name="runId">The child run's id (deterministic, so a retried parent task finds it again).</param>
    /// <param name="trigger">Recorded as the child run's trigger (who started it).</param>
    /// <param name="observer">Receives the child's progress, or null.</param>
    /// <param name="cancellationToken">Cancels the child run.</param>
    /// <exception cref="Diagnostics.SluiceException">The child run is being executed by another live process.</exception>
    public async Task<RunOutcome> RunAsync(PipelineDefinition definition, PipelineVersionRecord version, IReadOnlyDictionary<string, object?> inputs,
        string runId, string trigger, IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(runId);
        var options = _options with
        {
            Services = new RunServices(_options.Services, this),
            Observer = observer,
            GlobalSlots = null,
        };
        var executor = new RunExecutor(Store, Actions, options);
        var run = await executor.StartAsync(definition, version, inputs, trigger, _parentRun.LogicalDate, runId, cancellationToken).ConfigureAwait(false);
        return await executor.ExecuteAsync(definition, run, cancellationToken).ConfigureAwait(false);
    }
}
