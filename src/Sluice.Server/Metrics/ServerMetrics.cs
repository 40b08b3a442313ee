using System.Diagnostics;
using System.Diagnostics.Metrics;
using Sluice.Server.Alerts;
using Sluice.Server.Runs;
using Sluice.Server.Scheduling;
using Sluice.State;

namespace Sluice.Server.Metrics;

/// <summary>
/// The server's <see cref="System.Diagnostics.Metrics.Meter"/> named <c>Sluice</c> and its instruments: what this
/// server process executed since it started. Exported by OpenTelemetry (<see cref="MetricsExport"/>) to the
/// Prometheus endpoint <c>/metrics</c> and, when configured, over OTLP.
/// </summary>
/// <remarks>
/// Instrument names follow OpenTelemetry's conventions (dots, units apart); the Prometheus exporter turns them into the
/// names Sluice has always served: <c>sluice.runs</c> becomes <c>sluice_runs_total</c>, <c>sluice.task.duration</c>
/// with unit <c>s</c> becomes <c>sluice_task_duration_seconds</c>. Every label has a bounded set of values: pipeline
/// and task ids come from pipeline files, states and directions from fixed lists; run ids are never a label.
/// </remarks>
internal sealed class ServerMetrics : IDisposable
{
    /// <summary>The meter's name, to subscribe to (<c>AddMeter("Sluice")</c>).</summary>
    public const string MeterName = "Sluice";

    /// <summary>Bucket bounds of the peak-memory histogram, in bytes: 16 MiB to 64 GiB.</summary>
    public static readonly long[] MemoryBounds = [16L << 20, 64L << 20, 256L << 20, 1L << 30, 4L << 30, 16L << 30, 64L << 30];

    /// <summary>Histogram bounds in seconds: from 5 ms (a no-op task) to an hour (a heavy batch step).</summary>
    public static readonly double[] DurationBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly TimeProvider _time;
    private readonly Counter<long> _runs;
    private readonly Counter<long> _tasks;
    private readonly Histogram<double> _durations;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _triggered;
    private readonly Counter<long> _slaMisses;
    private readonly Counter<long> _modelRequests;
    private readonly Counter<long> _modelCached;
    private readonly Counter<long> _modelFailures;
    private readonly Counter<long> _modelTokens;
    private readonly Counter<double> _modelCost;
    private readonly Counter<long> _outputRows;
    private readonly Counter<double> _cpu;
    private readonly Counter<long> _bytesRead;
    private readonly Counter<long> _bytesWritten;
    private readonly Histogram<long> _peakMemory;

    public ServerMetrics(TimeProvider time)
    {
        _time = time;
        ProcessStart = ReadProcessStart(time);
        Meter = new Meter(new MeterOptions(MeterName) { Version = typeof(ServerMetrics).Assembly.GetName().Version?.ToString() });
        var durationAdvice = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBounds };
        _runs = Meter.CreateCounter<long>("sluice.runs", null, "Runs that reached a final state in this server process, by pipeline and state.");
        _tasks = Meter.CreateCounter<long>("sluice.task_instances", null,
            "Task instances (mapped items count one each) that reached a final state, by pipeline, task and state.");
        _durations = Meter.CreateHistogram("sluice.task.duration", "s", "Duration of task attempts in seconds, by pipeline and task.", null, durationAdvice);
        _lag = Meter.CreateHistogram("sluice.scheduler.lag", "s",
            "Delay from a scheduled fire's logical date (cron or interval instant) to the start of its run's first task, in seconds.", null, durationAdvice);
        _triggered = Meter.CreateCounter<long>("sluice.trigger.runs", null,
            "Runs handed to the run queue by a trigger, by pipeline and trigger type (cron, interval, file, pipeline, dataset).");
        _slaMisses = Meter.CreateCounter<long>("sluice.sla.misses", null, "Runs still going when their pipeline's sla.max_duration passed, by pipeline.");
        _modelRequests = Meter.CreateCounter<long>("sluice.model.requests", null,
            "Requests sent to language models (retries included) by finished runs, by pipeline and model.");
        _modelCached = Meter.CreateCounter<long>("sluice.model.cached", null, "Model answers taken from the response cache instead of a request, by pipeline and model.");
        _modelFailures = Meter.CreateCounter<long>("sluice.model.failures", null, "Model calls that ended without a valid answer, by pipeline and model.");
        _modelTokens = Meter.CreateCounter<long>("sluice.model.tokens", null,
            "Tokens spent on language models, by pipeline, model and direction (input = prompt, output = completion).");
        _modelCost = Meter.CreateCounter<double>("sluice.model.cost", null,
            "What those tokens cost at the prices the models declare (input/output_cost_per_million_tokens), by pipeline and model.");
        _outputRows = Meter.CreateCounter<long>("sluice.task.output_rows", null,
            "Rows in the datasets finished runs' tasks output (mapped items summed), by pipeline and task.");
        _cpu = Meter.CreateCounter<double>("sluice.task.cpu", "s", "CPU time of finished runs' task attempts (process and waited-for children while the attempt ran), by pipeline and task.");
        _bytesRead = Meter.CreateCounter<long>("sluice.task.io.read", "By", "Bytes finished runs' task attempts read, by pipeline and task.");
        _bytesWritten = Meter.CreateCounter<long>("sluice.task.io.written", "By", "Bytes finished runs' task attempts wrote, by pipeline and task.");
        _peakMemory = Meter.CreateHistogram("sluice.task.peak_memory", "By", "Peak working set of finished runs' task attempts, by pipeline and task.", null,
            new InstrumentAdvice<long> { HistogramBucketBoundaries = MemoryBounds });
        Meter.CreateObservableGauge("process.start_time", () => ProcessStart.ToUnixTimeMilliseconds() / 1000.0, "s",
            "Start time of the process since the Unix epoch in seconds.");
    }

    /// <summary>The meter every instrument belongs to (one per server, so servers hosted side by side count apart).</summary>
    public Meter Meter { get; }

    /// <summary>The server clock's current time.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>When the process started.</summary>
    public DateTimeOffset ProcessStart { get; }

    public void RunFinished(string pipeline, RunState state) => _runs.Add(1, new("pipeline", pipeline), new("state", state.ToName()));

    public void TaskFinished(string pipeline, string task, TaskState state) =>
        _tasks.Add(1, new("pipeline", pipeline), new("task", task), new("state", state.ToName()));

    public void AttemptEnded(string pipeline, string task, TimeSpan duration) =>
        _durations.Record(Math.Max(0, duration.TotalSeconds), new("pipeline", pipeline), new("task", task));

    /// <summary>A scheduled run's first task started <paramref name="lag"/> after its fire's logical date.</summary>
    public void ScheduleLag(TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds));

    /// <summary>A trigger (cron, interval, file, pipeline, dataset) handed a run to the run host.</summary>
    public void TriggerFired(string pipeline, string trigger) => _triggered.Add(1, new("pipeline", pipeline), new("trigger", trigger));

    /// <summary>A run of <paramref name="pipeline"/> outlived its <c>sla.max_duration</c>.</summary>
    public void SlaMissed(string pipeline) => _slaMisses.Add(1, new KeyValuePair<string, object?>("pipeline", pipeline));

    /// <summary>A finished run of <paramref name="pipeline"/> spent <paramref name="usage"/> on <paramref name="model"/>.</summary>
    public void ModelUsed(string pipeline, string model, ModelUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var p = new KeyValuePair<string, object?>("pipeline", pipeline);
        var m = new KeyValuePair<string, object?>("model", model);
        _modelRequests.Add(usage.Requests, p, m);
        _modelCached.Add(usage.Cached, p, m);
        _modelFailures.Add(usage.Failed, p, m);
        _modelTokens.Add(usage.InputTokens, p, m, new("direction", "input"));
        _modelTokens.Add(usage.OutputTokens, p, m, new("direction", "output"));
        if (usage.Cost is { } cost)
        {
            _modelCost.Add(cost, p, m);
        }
    }

    /// <summary>One attempt of task <paramref name="task"/> of a finished run of <paramref name="pipeline"/> used <paramref name="usage"/>.</summary>
    public void AttemptUsage(string pipeline, string task, ResourceUsage usage)
    {
        KeyValuePair<string, object?>[] tags = [new("pipeline", pipeline), new("task", task)];
        _cpu.Add(usage.CpuTime.TotalSeconds, tags);
        _bytesRead.Add(usage.BytesRead, tags);
        _bytesWritten.Add(usage.BytesWritten, tags);
        _peakMemory.Record(usage.PeakMemoryBytes, tags);
    }

    /// <summary>Task <paramref name="task"/> of a finished run of <paramref name="pipeline"/> output datasets of <paramref name="rows"/> rows.</summary>
    public void TaskOutputRows(string pipeline, string task, long rows) => _outputRows.Add(rows, new("pipeline", pipeline), new("task", task));

    /// <summary>
    /// Adds the instruments read from the server's parts when scraped or exported: run queue gauges, next fires and
    /// scheduler totals, alert deliveries. Called once the parts exist (they depend on this object).
    /// </summary>
    public void Observe(RunHost host, ScheduleHost schedule, AlertNotifier alerts)
    {
        Meter.CreateObservableGauge("sluice.runs.active", () => host.ActiveRuns, null, "Runs executing now.");
        Meter.CreateObservableGauge("sluice.queue.depth", () => host.QueueDepth, null, "Runs waiting in the queue for an execution slot.");
        Meter.CreateObservableGauge("sluice.task.slots_in_use", () => host.Slots.InUse, null, "Process-wide task slots in use.");
        Meter.CreateObservableGauge("sluice.scheduler.next_fire_timestamp", () => NextFires(schedule), "s",
            "Next instant each cron or interval trigger fires, since the Unix epoch in seconds.");
        Meter.CreateObservableCounter("sluice.scheduler.fires", () => schedule.Totals.Dispatched, null,
            "Fires the scheduler delivered (repeated deliveries after a failure or restart included).");
        Meter.CreateObservableCounter("sluice.scheduler.catchup_fires", () => schedule.Totals.CatchUpDispatched, null,
            "Of those, catch-up fires of dates missed while the server was down.");
        Meter.CreateObservableCounter("sluice.scheduler.skipped", () => schedule.Totals.Skipped, null, "Missed dates not fired because their trigger has catchup: false.");
        Meter.CreateObservableCounter("sluice.scheduler.failures", () => schedule.Totals.Failed, null,
            "Fires whose run could not be created (each is delivered again later).");
        Meter.CreateObservableCounter("sluice.alerts.raised", () => alerts.Raised, null, "Alerts raised (only counted when an alert webhook is configured).");
        Meter.CreateObservableCounter("sluice.alerts.sent", () => alerts.Sent, null, "Alert deliveries a webhook accepted (one per alert and webhook).");
        Meter.CreateObservableCounter("sluice.alerts.failed", () => alerts.Failed, null, "Alert deliveries given up after every retry failed.");
        Meter.CreateObservableCounter("sluice.alerts.dropped", () => alerts.Dropped, null,
            "Alert deliveries dropped unsent because a webhook's queue was full (the oldest go first; one per alert and webhook).");
    }

    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<double>> NextFires(ScheduleHost schedule)
    {
        var now = Now;
        foreach (var t in schedule.Triggers)
        {
            if (t.Schedule.GetNextOccurrence(now) is { } next)
            {
                yield return new Measurement<double>(next.ToUnixTimeMilliseconds() / 1000.0,
                    new("pipeline", t.PipelineId), new("trigger", t.TriggerIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }

    private static DateTimeOffset ReadProcessStart(TimeProvider time)
    {
        try
        {
            using var p = Process.GetCurrentProcess();
            return new DateTimeOffset(p.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            return time.GetUtcNow();
        }
    }
}
