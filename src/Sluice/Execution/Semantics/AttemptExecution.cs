using System.Globalization;
using Sluice.Actions;
using Sluice.Actions.BuiltIn.SubPipeline;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Files;
using Sluice.State;

namespace Sluice.Execution.Semantics;

/// <summary>
/// Runs one attempt the same way on every engine: renders its parameters, builds the action's context (pipeline id,
/// artifact folder, model, services), logs the <c>&lt;AUTO&gt;</c> parameters, waits for room on the machine when the
/// action has a <see cref="ResourceAppetite"/> (<see cref="ResourceGate"/>), runs the action under the task's timeout,
/// and turns whatever it threw into a classified failure. Never throws: the engine records the result.
/// </summary>
internal static class AttemptExecution
{
    /// <summary>Runs the attempt; <paramref name="stop"/> is the engine's stop (run cancel, run failed, worker shutdown).</summary>
    public static async Task<AttemptResult> RunAsync(AttemptRequest request, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(request);
        IDisposable room;
        try
        {
            // Before the timeout starts: waiting for the machine is not the task's own time.
            room = await request.Resources.AcquireAsync(request.Node.Action.Appetite, m => request.Log.Write("info", m), stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (stop.IsCancellationRequested)
        {
            var now = request.Time.GetUtcNow();
            var failure = FailureClassifier.Classify(ex, new AttemptStop(true, request.CancelReason(), false, null));
            return new AttemptResult(now, now, null, null, failure with { Error = request.Redactor.Redact(failure.Error) });
        }

        using (room)
        {
            return await RunAdmittedAsync(request, stop).ConfigureAwait(false);
        }
    }

    private static async Task<AttemptResult> RunAdmittedAsync(AttemptRequest request, CancellationToken stop)
    {
        var time = request.Time;
        var startedAt = time.GetUtcNow();
        var meter = Usage.UsageMeter.Start();
        var timeout = request.Node.Policy.Timeout;
        using var timeoutCts = timeout is { } t ? new CancellationTokenSource(t, time) : null;
        using var linked = timeoutCts is null
            ? CancellationTokenSource.CreateLinkedTokenSource(stop)
            : CancellationTokenSource.CreateLinkedTokenSource(stop, timeoutCts.Token);
        FlowControl.FlowPass? pass = null;
        try
        {
            var scope = await request.Scope(stop).ConfigureAwait(false);
            var node = request.Node;
            var model = RenderModel(node, scope);
            HideModelKey(model, request.Redactor);
            var files = Files(request);
            var parameters = await AutoParameters.ResolveAsync(
                node.Action, node.Id, model, node.AutoResolver, ParameterBinder.Bind(node, scope), request.Log, files, linked.Token).ConfigureAwait(false);
            var context = CreateContext(request, parameters, model, files);
            if (node.Policy.RateLimit is not null || node.Policy.Breaker is not null)
            {
                // Waiting for the rate limit is not the attempt's work: the timeout is paused, then counts from the start.
                timeoutCts?.CancelAfter(Timeout.InfiniteTimeSpan);
                pass = await FlowControl.FlowGates.EnterAsync(node.Policy, node.Action.Descriptor.Name, parameters, time, linked.Token).ConfigureAwait(false);
                if (timeout is { } limit)
                {
                    timeoutCts!.CancelAfter(limit);
                }
            }
            var result = await node.Action.ExecuteAsync(context, linked.Token).ConfigureAwait(false);
            pass?.Succeeded();
            var outputs = result.Outputs;
            var endedAt = time.GetUtcNow();
            // A URL's query may carry a key: dataset identities are redacted like everything else that is stored.
            IReadOnlyList<Lineage.LineageRecord> lineage = [.. Lineage.LineageCapture.Capture(request.RunId, request.Node.Id, request.Item, request.Attempt, endedAt, context.Parameters, outputs, result.Lineage)
                .Select(l => l with { Dataset = request.Redactor.Redact(l.Dataset) })];
            var marks = MarkRecords(request, result.Marks, endedAt);
            if (outputs.Count == 0)
            {
                return new AttemptResult(startedAt, endedAt, outputs, "{}", null) { Lineage = lineage, Marks = marks, Usage = meter.Stop() };
            }
            // Secrets are removed when outputs are written, so neither the store nor a downstream task ever holds them
            // (every engine alike: downstream tasks on workers read outputs back from the store).
            var json = OutputJson.Serialize(outputs);
            var redacted = request.Redactor.Redact(json);
            if (!ReferenceEquals(redacted, json))
            {
                outputs = OutputJson.Deserialize(redacted) ?? outputs;
            }
            return new AttemptResult(startedAt, endedAt, outputs, redacted, null) { Lineage = lineage, Marks = marks, Usage = meter.Stop() };
        }
#pragma warning disable CA1031 // An action's failure of any kind is the attempt's outcome, classified in one place.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var stopped = stop.IsCancellationRequested;
            var failure = FailureClassifier.Classify(ex, new AttemptStop(stopped, stopped ? request.CancelReason() : null, timeoutCts?.IsCancellationRequested == true, timeout));
            pass?.Ended(counts: failure.End == AttemptEnd.Failed);
            return new AttemptResult(startedAt, time.GetUtcNow(), null, null, failure with { Error = request.Redactor.Redact(failure.Error) }) { Usage = meter.Stop() };
        }
    }

    /// <summary>
    /// The marks a successful attempt returned, keyed by pipeline, task and source: an item of a mapped task shares its
    /// task's marks, each item naming its own sources.
    /// </summary>
    private static IReadOnlyList<SourceMarkRecord> MarkRecords(AttemptRequest request, IReadOnlyDictionary<string, string> marks, DateTimeOffset now) =>
        marks.Count == 0
            ? []
            : [.. marks.Select(m => new SourceMarkRecord
            {
                PipelineId = request.Definition.Id, TaskId = request.Node.Id, SourceKey = m.Key, Value = m.Value, RunId = request.RunId, UpdatedAt = now,
            })];

    /// <summary>
    /// The file policy with relative paths resolved against the folder of the pipeline's file, as a <c>pipeline</c> task's
    /// child file is (a pipeline defined in code, or loaded from a name that is not a file here, keeps the current directory).
    /// </summary>
    private static PathPolicy Files(AttemptRequest request) =>
        ChildPipelineFile.HasFile(request.Definition.Source.File)
            ? request.Files.RelativeTo(Path.GetDirectoryName(Path.GetFullPath(request.Definition.Source.File))!)
            : request.Files;

    /// <summary>The context an action sees for this attempt.</summary>
    private static ActionContext CreateContext(AttemptRequest request, IReadOnlyDictionary<string, object?> parameters, ModelDefinition? model, PathPolicy files)
    {
        var node = request.Node;
        return new ActionContext
        {
            RunId = request.RunId,
            PipelineId = request.Definition.Id,
            TaskId = node.Id,
            MapIndex = request.Item,
            Attempt = request.Attempt,
            Parameters = parameters,
            Log = request.Log,
            Time = request.Time,
            ArtifactDirectory = ArtifactDirectory(request.ArtifactRoot, request.RunId, node.Id, request.Item, request.Attempt),
            Model = model,
            Files = files,
            Storage = request.Storage,
            Services = request.Services,
            Marks = request.Marks is { } load ? new SourceMarks(ct => load(ct)) : SourceMarks.None,
            Progress = request.Progress,
        };
    }

    /// <summary>
    /// One folder per attempt (<c>ROOT/RUN/TASK[/ITEM]/attempt-N</c>): an attempt that crashes or fails leaves its partial
    /// files where no committed output points, so a retry or a resume never mistakes them for results.
    /// </summary>
    public static string ArtifactDirectory(string root, string runId, string taskId, int item, int attempt)
    {
        var inv = CultureInfo.InvariantCulture;
        var taskDir = item < 0 ? taskId : Path.Combine(taskId, item.ToString(inv));
        return Path.Combine(root, runId, taskDir, "attempt-" + attempt.ToString(inv));
    }

    /// <summary>
    /// A model's key read from the environment (<c>api_key_env</c>, by default <c>OPENAI_API_KEY</c>) is a secret like one
    /// read with <c>secret()</c>: nothing the task logs, fails with or outputs may show it.
    /// </summary>
    private static void HideModelKey(ModelDefinition? model, SecretRedactor redactor)
    {
        if (model is null)
        {
            return;
        }
        var variable = model.Settings.GetValueOrDefault("api_key_env") as string ?? "OPENAI_API_KEY";
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } key)
        {
            redactor.Add(key);
        }
    }

    /// <summary>
    /// The task's model with its settings rendered in the attempt's scope, so <c>api_key: "{{ secret('KEY') }}"</c> is
    /// resolved here and, like every secret a template reads, redacted from logs, errors and outputs.
    /// </summary>
    private static ModelDefinition? RenderModel(TaskNode node, Expressions.IExpressionScope scope)
    {
        if (node.Model is not { } model || node.ModelSettings is not { } settings || settings.IsConstant)
        {
            return node.Model;
        }
        try
        {
            return settings.Render(scope) is IReadOnlyDictionary<string, object?> rendered ? model with { Settings = rendered } : model;
        }
        catch (Expressions.ExpressionException ex)
        {
            throw new SluiceException($"model '{model.Name}': {ex.Message}", false);
        }
    }
}
