using System.Text;
using System.Text.Json;
using Sluice.DataActions.Reporting;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Cli.Output;

/// <summary>A machine-readable report of a run: the run, its tasks (mapped items summarised), failures, <c>&lt;AUTO&gt;</c> decisions, model usage and, for a data pipeline, the processing report.</summary>
internal static class RunReport
{
    public static Task<string> ToJsonAsync(RunOutcome outcome, IStateStore store, CancellationToken cancellationToken) =>
        ToJsonAsync(outcome.RunId, store, cancellationToken);

    public static async Task<string> ToJsonAsync(string runId, IStateStore store, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) ?? throw new CliException($"run '{runId}' not found", ExitCodes.RunFailed);
        var rows = await store.GetTaskInstancesAsync(runId, cancellationToken).ConfigureAwait(false);
        var usage = TaskUsage.ByTask(await store.GetAttemptsAsync(runId, cancellationToken: cancellationToken).ConfigureAwait(false));
        var models = await RunModelActivity.ReadAsync(store, runId, cancellationToken).ConfigureAwait(false);
        var processing = await ProcessingReport.BuildAsync(store, runId, TimeProvider.System, models, cancellationToken).ConfigureAwait(false);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("run_id", run.RunId);
            w.WriteString("pipeline_id", run.PipelineId);
            w.WriteString("version", run.VersionHash);
            w.WriteString("state", run.State.ToName());
            w.WriteString("trigger", run.Trigger);
            WriteTime(w, "created_at", run.CreatedAt);
            WriteTime(w, "started_at", run.StartedAt);
            WriteTime(w, "ended_at", run.EndedAt);
            if (run.Error is not null)
            {
                w.WriteString("error", run.Error);
            }
            if (run.ResultJson is not null)
            {
                // Stored as compact JSON by the run that produced it: embedded as a value, not a string.
                w.WritePropertyName("result");
                w.WriteRawValue(run.ResultJson);
            }
            w.WritePropertyName("inputs");
            using (var inputs = JsonDocument.Parse(run.InputsJson))
            {
                inputs.RootElement.WriteTo(w);
            }
            w.WriteStartArray("tasks");
            foreach (var t in TaskSummary.From(rows))
            {
                w.WriteStartObject();
                w.WriteString("id", t.TaskId);
                w.WriteString("state", t.State.ToName());
                w.WriteNumber("attempts", t.Attempts);
                if (t.Items is { } items)
                {
                    w.WriteNumber("items", items);
                    w.WriteNumber("items_succeeded", t.ItemsSucceeded);
                    w.WriteNumber("items_failed", t.ItemsFailed);
                }
                WriteTime(w, "started_at", t.StartedAt);
                WriteTime(w, "ended_at", t.EndedAt);
                if (t.Error is not null)
                {
                    w.WriteString("error", t.Error);
                }
                if (usage.GetValueOrDefault(t.TaskId) is { } u)
                {
                    w.WriteStartObject("usage");
                    w.WriteNumber("cpu_seconds", u.CpuTime.TotalSeconds);
                    w.WriteNumber("peak_memory_bytes", u.PeakMemoryBytes);
                    w.WriteNumber("bytes_read", u.BytesRead);
                    w.WriteNumber("bytes_written", u.BytesWritten);
                    w.WriteEndObject();
                }
                if (t.OutputsJson is not null)
                {
                    w.WritePropertyName("outputs");
                    using var o = JsonDocument.Parse(t.OutputsJson);
                    o.RootElement.WriteTo(w);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("processing");
            if (processing is null)
            {
                w.WriteNullValue();
            }
            else
            {
                processing.WriteJson(w);
            }
            models.WriteJsonProperties(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } v)
        {
            w.WriteString(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
