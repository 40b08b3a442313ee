using System.Globalization;
using Sluice.Actions;
using Sluice.Definition;
using Sluice.State;

namespace Sluice.Execution.Semantics;

/// <summary>
/// Runs one attempt the same way on every engine: renders its parameters, builds the action's context (pipeline id,
/// artifact folder, model, services), logs the <c>&lt;AUTO&gt;</c> parameters, runs the action under the task's timeout,
/// and turns whatever it threw into a classified failure. Never throws: the engine records the result.
/// </summary>
internal static class AttemptExecution
{
    /// <summary>Runs the attempt; <paramref name="stop"/> is the engine's stop (run cancel, run failed, worker shutdown).</summary>
    public static async Task<AttemptResult> RunAsync(AttemptRequest request, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(request);
        var time = request.Time;
        var startedAt = time.GetUtcNow();
        var timeout = request.Node.Policy.Timeout;
        using var timeoutCts = timeout is { } t ? new CancellationTokenSource(t, time) : null;
        using var linked = timeoutCts is null
            ? CancellationTokenSource.CreateLinkedTokenSource(stop)
            : CancellationTokenSource.CreateLinkedTokenSource(stop, timeoutCts.Token);
        try
        {
            var scope = await request.Scope(stop).ConfigureAwait(false);
            var context = CreateContext(request, ParameterBinder.Bind(request.Node, scope));
            LogAutoParameters(context);
            var result = await request.Node.Action.ExecuteAsync(context, linked.Token).ConfigureAwait(false);
            var outputs = result.Outputs;
            var endedAt = time.GetUtcNow();
            // A URL's query may carry a key: dataset identities are redacted like everything else that is stored.
            IReadOnlyList<Lineage.LineageRecord> lineage = [.. Lineage.LineageCapture.Capture(request.RunId, request.Node.Id, request.Item, request.Attempt, endedAt, context.Parameters, outputs, result.Lineage)
                .Select(l => l with { Dataset = request.Redactor.Redact(l.Dataset) })];
            var marks = MarkRecords(request, result.Marks, endedAt);
            if (outputs.Count == 0)
            {
                return new AttemptResult(startedAt, endedAt, outputs, "{}", null) { Lineage = lineage, Marks = marks };
            }
            // Secrets are removed when outputs are written, so neither the store nor a downstream task ever holds them
            // (every engine alike: downstream tasks on workers read outputs back from the store).
            var json = OutputJson.Serialize(outputs);
            var redacted = request.Redactor.Redact(json);
            if (!ReferenceEquals(redacted, json))
            {
                outputs = OutputJson.Deserialize(redacted) ?? outputs;
            }
            return new AttemptResult(startedAt, endedAt, outputs, redacted, null) { Lineage = lineage, Marks = marks };
        }
#pragma warning disable CA1031 // An action's failure of any kind is the attempt's outcome, classified in one place.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var stopped = stop.IsCancellationRequested;
            var failure = FailureClassifier.Classify(ex, new AttemptStop(stopped, stopped ? request.CancelReason() : null, timeoutCts?.IsCancellationRequested == true, timeout));
            return new AttemptResult(startedAt, time.GetUtcNow(), null, null, failure with { Error = request.Redactor.Redact(failure.Error) });
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

    /// <summary>The context an action sees for this attempt.</summary>
    private static ActionContext CreateContext(AttemptRequest request, IReadOnlyDictionary<string, object?> parameters)
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
            Model = node.Definition.Model is { } m ? request.Definition.Models.FirstOrDefault(x => x.Name == m) : null,
            Files = request.Files,
            Services = request.Services,
            Marks = request.Marks is { } load ? new SourceMarks(ct => load(ct)) : SourceMarks.None,
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
    /// Records which parameters are left to the runtime (<c>&lt;AUTO&gt;</c>). Sluice calls no model provider here;
    /// a configured model is noted and the action's own heuristic decides (it logs its choice).
    /// </summary>
    private static void LogAutoParameters(ActionContext context)
    {
        foreach (var (name, value) in context.Parameters)
        {
            if (value is AutoValue auto)
            {
                var model = context.Model is { } m ? $"model '{m.Name}' ({m.Provider}/{m.Model}) is configured, but no model provider is called; " : "";
                context.Log.Write("info", $"AUTO parameter '{name}' (\"{auto.Hint}\"): {model}the action's heuristic chooses");
            }
        }
    }
}
