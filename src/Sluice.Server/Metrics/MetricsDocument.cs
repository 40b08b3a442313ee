using Sluice.Server.Alerts;
using Sluice.Server.Runs;
using Sluice.Server.Scheduling;

namespace Sluice.Server.Metrics;

/// <summary>Renders every Sluice metric as one Prometheus text document.</summary>
internal static partial class MetricsDocument
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(ServerMetrics metrics, RunHost host, ScheduleHost schedule, ScheduleLagObserver lag, AlertNotifier alerts)
    {
        var w = new PrometheusText();
        w.Header("sluice_runs_total", "counter", "Runs that reached a final state in this server process, by pipeline and state.");
        foreach (var (key, n) in metrics.Runs)
        {
            w.Sample("sluice_runs_total", [("pipeline", key.Pipeline), ("state", key.State)], n);
        }
        w.Header("sluice_task_instances_total", "counter", "Task instances (mapped items count one each) that reached a final state, by pipeline and state.");
        foreach (var (key, n) in metrics.Tasks)
        {
            w.Sample("sluice_task_instances_total", [("pipeline", key.Pipeline), ("state", key.State)], n);
        }
        w.Header("sluice_task_duration_seconds", "histogram", "Duration of task attempts in seconds, by pipeline.");
        foreach (var (pipeline, histogram) in metrics.Durations)
        {
            var (cumulative, count, sum) = histogram.Snapshot();
            for (var i = 0; i < cumulative.Length; i++)
            {
                w.Sample("sluice_task_duration_seconds_bucket", [("pipeline", pipeline), ("le", PrometheusText.Format(DurationHistogram.Bounds[i]))], cumulative[i]);
            }
            w.Sample("sluice_task_duration_seconds_bucket", [("pipeline", pipeline), ("le", "+Inf")], count);
            w.Sample("sluice_task_duration_seconds_sum", [("pipeline", pipeline)], sum);
            w.Sample("sluice_task_duration_seconds_count", [("pipeline", pipeline)], count);
        }
        w.Header("sluice_runs_active", "gauge", "Runs executing now.");
        w.Sample("sluice_runs_active", [], host.ActiveRuns);
        w.Header("sluice_queue_depth", "gauge", "Runs waiting in the queue for an execution slot.");
        w.Sample("sluice_queue_depth", [], host.QueueDepth);
        w.Header("sluice_task_slots_in_use", "gauge", "Process-wide task slots in use.");
        w.Sample("sluice_task_slots_in_use", [], host.Slots.InUse);
        WriteTriggers(w, metrics, schedule, lag);
        WriteAlerts(w, metrics, alerts);
        WriteModels(w, metrics);
        w.Header("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.");
        w.Sample("process_start_time_seconds", [], metrics.ProcessStart.ToUnixTimeMilliseconds() / 1000.0);
        return w.ToString();
    }

    private static void WriteModels(PrometheusText w, ServerMetrics metrics)
    {
        var models = metrics.Models.ToList();
        w.Header("sluice_model_requests_total", "counter", "Requests sent to language models (retries included) by finished runs, by pipeline and model.");
        foreach (var ((pipeline, model), u) in models)
        {
            w.Sample("sluice_model_requests_total", [("pipeline", pipeline), ("model", model)], u.Requests);
        }
        w.Header("sluice_model_cached_total", "counter", "Model answers taken from the response cache instead of a request, by pipeline and model.");
        foreach (var ((pipeline, model), u) in models)
        {
            w.Sample("sluice_model_cached_total", [("pipeline", pipeline), ("model", model)], u.Cached);
        }
        w.Header("sluice_model_failures_total", "counter", "Model calls that ended without a valid answer, by pipeline and model.");
        foreach (var ((pipeline, model), u) in models)
        {
            w.Sample("sluice_model_failures_total", [("pipeline", pipeline), ("model", model)], u.Failed);
        }
        w.Header("sluice_model_tokens_total", "counter", "Tokens spent on language models, by pipeline, model and direction (input = prompt, output = completion).");
        foreach (var ((pipeline, model), u) in models)
        {
            w.Sample("sluice_model_tokens_total", [("pipeline", pipeline), ("model", model), ("direction", "input")], u.InputTokens);
            w.Sample("sluice_model_tokens_total", [("pipeline", pipeline), ("model", model), ("direction", "output")], u.OutputTokens);
        }
        w.Header("sluice_model_cost_total", "counter", "What those tokens cost at the prices the models declare (input/output_cost_per_million_tokens), by pipeline and model.");
        foreach (var ((pipeline, model), u) in models)
        {
            if (u.Cost is { } cost)
            {
                w.Sample("sluice_model_cost_total", [("pipeline", pipeline), ("model", model)], cost);
            }
        }
    }
}
