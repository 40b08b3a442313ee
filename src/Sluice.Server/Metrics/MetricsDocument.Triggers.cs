using Sluice.Server.Alerts;
using Sluice.Server.Scheduling;

namespace Sluice.Server.Metrics;

internal static partial class MetricsDocument
{
    private static void WriteTriggers(PrometheusText w, ServerMetrics metrics, ScheduleHost schedule, ScheduleLagObserver lag)
    {
        WriteHistogram(w, "sluice_scheduler_lag_seconds", "Delay from a scheduled fire's logical date (cron or interval instant) to the start of its run's first task, in seconds.", lag.Lag);
        w.Header("sluice_scheduler_next_fire_timestamp_seconds", "gauge", "Next instant each cron or interval trigger fires, since the Unix epoch in seconds.");
        foreach (var t in schedule.Triggers)
        {
            if (t.Schedule.GetNextOccurrence(metrics.Now) is { } next)
            {
                w.Sample("sluice_scheduler_next_fire_timestamp_seconds", [("pipeline", t.PipelineId), ("trigger", Index(t.TriggerIndex))], next.ToUnixTimeMilliseconds() / 1000.0);
            }
        }
        var totals = schedule.Totals;
        w.Header("sluice_scheduler_fires_total", "counter", "Fires the scheduler delivered (repeated deliveries after a failure or restart included).");
        w.Sample("sluice_scheduler_fires_total", [], totals.Dispatched);
        w.Header("sluice_scheduler_catchup_fires_total", "counter", "Of those, catch-up fires of dates missed while the server was down.");
        w.Sample("sluice_scheduler_catchup_fires_total", [], totals.CatchUpDispatched);
        w.Header("sluice_scheduler_skipped_total", "counter", "Missed dates not fired because their trigger has catchup: false.");
        w.Sample("sluice_scheduler_skipped_total", [], totals.Skipped);
        w.Header("sluice_scheduler_failures_total", "counter", "Fires whose run could not be created (each is delivered again later).");
        w.Sample("sluice_scheduler_failures_total", [], totals.Failed);
        w.Header("sluice_trigger_runs_total", "counter", "Runs handed to the run queue by a trigger, by pipeline and trigger type (cron, interval, file, pipeline).");
        foreach (var (key, n) in metrics.Triggered)
        {
            w.Sample("sluice_trigger_runs_total", [("pipeline", key.Pipeline), ("trigger", key.Trigger)], n);
        }
    }

    private static void WriteAlerts(PrometheusText w, ServerMetrics metrics, AlertNotifier alerts)
    {
        w.Header("sluice_sla_misses_total", "counter", "Runs still going when their pipeline's sla.max_duration passed, by pipeline.");
        foreach (var (pipeline, n) in metrics.SlaMisses)
        {
            w.Sample("sluice_sla_misses_total", [("pipeline", pipeline)], n);
        }
        w.Header("sluice_alerts_raised_total", "counter", "Alerts raised (only counted when an alert webhook is configured).");
        w.Sample("sluice_alerts_raised_total", [], alerts.Raised);
        w.Header("sluice_alerts_sent_total", "counter", "Alert deliveries a webhook accepted (one per alert and webhook).");
        w.Sample("sluice_alerts_sent_total", [], alerts.Sent);
        w.Header("sluice_alerts_failed_total", "counter", "Alert deliveries given up after every retry failed.");
        w.Sample("sluice_alerts_failed_total", [], alerts.Failed);
        w.Header("sluice_alerts_dropped_total", "counter", "Alert deliveries dropped unsent because a webhook's queue was full (the oldest go first; one per alert and webhook).");
        w.Sample("sluice_alerts_dropped_total", [], alerts.Dropped);
    }

    private static void WriteHistogram(PrometheusText w, string name, string help, DurationHistogram histogram)
    {
        w.Header(name, "histogram", help);
        var (cumulative, count, sum) = histogram.Snapshot();
        for (var i = 0; i < cumulative.Length; i++)
        {
            w.Sample(name + "_bucket", [("le", PrometheusText.Format(DurationHistogram.Bounds[i]))], cumulative[i]);
        }
        w.Sample(name + "_bucket", [("le", "+Inf")], count);
        w.Sample(name + "_sum", [], sum);
        w.Sample(name + "_count", [], count);
    }

    private static string Index(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
