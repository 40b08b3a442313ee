using System.Security.Cryptography;
using System.Text;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Actions.BuiltIn.SubPipeline;

/// <summary>
/// <c>pipeline</c>: runs another pipeline file as a child run on the same store and waits for it. The child run id
/// is deterministic per parent run, task and item, so a retried or resumed parent task resumes the child (its
/// succeeded tasks are not run again) instead of starting a fresh one. Cancelling the parent task cancels the child;
/// the child's failure fails the task (permanently: the child's tasks had their own retries) with the child's error.
/// Needs an embedded run (<see cref="RunExecutor"/>); distributed workers do not offer child runs.
/// </summary>
public sealed partial class PipelineAction : IAction
{
    /// <summary>How deeply pipelines may nest at run time (a recursion through a templated path ends here).</summary>
    public const int MaxDepth = 10;

    private readonly ActionRegistry _actions;

    /// <summary>Creates the action; <paramref name="actions"/> (the registry it is registered in) loads child pipelines when a parent is validated.</summary>
    public PipelineAction(ActionRegistry actions) => _actions = actions ?? throw new ArgumentNullException(nameof(actions));

    /// <inheritdoc />
    public ActionDescriptor Descriptor { get; } = new(
        "pipeline",
        "Runs another pipeline file as a child run on the same store and waits for it. Outputs its run id, state, result and task outputs; a retry or resume continues the same child run.",
        [
            new ParameterSpec("path", ParameterType.String, "The child pipeline's YAML file, relative to this pipeline's file.", Required: true),
            new ParameterSpec("inputs", ParameterType.Map, "Inputs of the child run, checked against the inputs it declares (when the pipeline loads and when the task starts)."),
            new ParameterSpec("wait", ParameterType.Boolean, "Wait for the child run to end. Only true is supported (a child must end with its task to be cancelled and resumed with it).",
                Default: true, AllowedValues: [true]),
            new ParameterSpec("include_outputs", ParameterType.Boolean, "Whether the 'outputs' output holds the child's task outputs. The default is true.", Default: true),
        ],
        [
            new OutputSpec("run_id", "The child run's id."),
            new OutputSpec("state", "The child run's final state (succeeded)."),
            new OutputSpec("result", "The value of the child's 'result:' block, or null when it has none."),
            new OutputSpec("outputs", "The child's task outputs by task id (null with include_outputs: false)."),
        ]);

    /// <inheritdoc />
    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runner = context.Services?.GetService(typeof(ChildRunner)) as ChildRunner
            ?? throw new SluiceException("the 'pipeline' action runs only inside an embedded run (sluice run, sluice serve, RunExecutor); distributed workers cannot start child runs");
        if (runner.Depth + 1 > MaxDepth)
        {
            throw new SluiceException($"pipelines nest more than {MaxDepth} levels deep ({string.Join(" → ", runner.Chain)} → …); a pipeline probably runs itself through a templated 'path'");
        }
        var path = context.Get("path") as string ?? throw new SluiceException("the 'pipeline' action needs 'path'");
        var childFile = ChildPipelineFile.Resolve(path, runner.Parent.Source.File);
        var given = context.Get("inputs") as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
        var child = await ChildAsync(runner, childFile, given, ChildRunIds.For(context.RunId, context.TaskId, context.MapIndex), context, cancellationToken).ConfigureAwait(false);
        context.Log.Write("info", $"running {childFile} as child run {child.RunId}" + (child.Existing is null ? "" : $" ({child.Existing.State.ToName()} before; resuming it)"));
        var outcome = await runner.RunAsync(child.Definition, child.Version, child.Inputs, child.RunId,
            ChildRunIds.Trigger(context.RunId, context.TaskId, context.MapIndex), new ChildProgressLog(context.Log), cancellationToken).ConfigureAwait(false);
        switch (outcome.State)
        {
            case RunState.Succeeded:
                return new ActionResult(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["run_id"] = outcome.RunId,
                    ["state"] = outcome.State.ToName(),
                    ["result"] = outcome.Result,
                    ["outputs"] = context.Get("include_outputs") is false ? null : outcome.Outputs,
                });
            case RunState.Cancelled:
                cancellationToken.ThrowIfCancellationRequested();
                throw new SluiceException($"child run {outcome.RunId} of pipeline '{outcome.PipelineId}' was cancelled: {outcome.Error}");
            default:
                throw new SluiceException($"child run {outcome.RunId} of pipeline '{outcome.PipelineId}' failed: {outcome.Error}");
        }
    }

    /// <summary>
    /// Which child run to execute and with what definition. An existing run keeps the definition version it started
    /// with (as <c>sluice resume</c> does); when it was started with other inputs, the run for these inputs gets its
    /// own deterministic id.
    /// </summary>
    private static async Task<ChildPlan> ChildAsync(ChildRunner runner, string childFile, IReadOnlyDictionary<string, object?> given, string runId, ActionContext context, CancellationToken cancellationToken)
    {
        var existing = await runner.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            var (definition, version) = await StoredAsync(runner, existing, childFile, cancellationToken).ConfigureAwait(false);
            var inputs = ChildInputs.Bind(definition, childFile, given);
            if (string.Equals(OutputJson.Serialize(inputs), existing.InputsJson, StringComparison.Ordinal))
            {
                return new ChildPlan(runId, definition, version, inputs, existing);
            }
            var other = runId + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OutputJson.Serialize(inputs))))[..8];
            context.Log.Write("info", $"child run {runId} was started with other inputs; these inputs run as {other}");
            runId = other;
            existing = await runner.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                (definition, version) = await StoredAsync(runner, existing, childFile, cancellationToken).ConfigureAwait(false);
                return new ChildPlan(runId, definition, version, ChildInputs.Bind(definition, childFile, given), existing);
            }
        }
        var (fresh, freshVersion) = await FromFileAsync(runner, childFile, cancellationToken).ConfigureAwait(false);
        return new ChildPlan(runId, fresh, freshVersion, ChildInputs.Bind(fresh, childFile, given), null);
    }

    private static async Task<(PipelineDefinition, PipelineVersionRecord)> FromFileAsync(ChildRunner runner, string childFile, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(childFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SluiceException($"the child pipeline file {childFile} does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SluiceException($"cannot read the child pipeline file {childFile}: {e.Message}", isTransient: true, e);
        }
        var loaded = Loaded(PipelineLoader.Load(text, childFile, runner.Actions), childFile);
        return (loaded.Definition!, loaded.ToVersion(childFile, runner.Time.GetUtcNow()));
    }

    private static async Task<(PipelineDefinition, PipelineVersionRecord)> StoredAsync(ChildRunner runner, RunRecord run, string childFile, CancellationToken cancellationToken)
    {
        var version = await runner.Store.GetPipelineVersionAsync(run.PipelineId, run.VersionHash, cancellationToken).ConfigureAwait(false)
            ?? throw new SluiceException($"the definition (version {run.VersionHash}) of child run {run.RunId} is not in the store");
        var loaded = Loaded(PipelineLoader.Load(version.SourceText, version.SourcePath ?? childFile, runner.Actions), version.SourcePath ?? childFile);
        return (loaded.Definition!, version);
    }

    private static LoadResult Loaded(LoadResult result, string childFile)
    {
        if (!result.Success)
        {
            var errors = result.Errors.ToList();
            throw new SluiceException($"the child pipeline {childFile} has {errors.Count} error(s): {string.Join("; ", errors.Take(5).Select(Brief))}");
        }
        return result;
    }

    /// <summary>One line: <c>file:line:col SLU0xx: message</c>.</summary>
    internal static string Brief(Diagnostic d) => $"{d.Location}: {d.Code}: {d.Message}";

    private sealed record ChildPlan(string RunId, PipelineDefinition Definition, PipelineVersionRecord Version, IReadOnlyDictionary<string, object?> Inputs, RunRecord? Existing);
}
