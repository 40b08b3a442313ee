using System.Collections.Concurrent;
using Sluice.State;

namespace Sluice.Server.Metrics;

/// <summary>Counters of what this server process executed since it started, read by <c>/metrics</c>.</summary>
internal sealed class ServerMetrics(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Pipeline, string State), long> _runs = new();
    private readonly ConcurrentDictionary<(string Pipeline, string State), long> _tasks = new();
    private readonly ConcurrentDictionary<string, DurationHistogram> _durations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Pipeline, string Trigger), long> _triggered = new();
    private readonly ConcurrentDictionary<string, long> _slaMisses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Pipeline, string Model), ModelUsage> _models = new();

    /// <summary>The server clock's current time.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>When the process started.</summary>
    public DateTimeOffset ProcessStart { get; } = ReadProcessStart(time);

    public void RunFinished(string pipeline, RunState state) => _runs.AddOrUpdate((pipeline, state.ToName()), 1, static (_, n) => n + 1);

    public void TaskFinished(string pipeline, TaskState state) => _tasks.AddOrUpdate((pipeline, state.ToName()), 1, static (_, n) => n + 1);

    public void AttemptEnded(string pipeline, TimeSpan duration) =>
        _durations.GetOrAdd(pipeline, static _ => new DurationHistogram()).Observe(Math.Max(0, duration.TotalSeconds));

    /// <summary>A trigger (cron, interval, file, pipeline) handed a run to the run host.</summary>
    public void TriggerFired(string pipeline, string trigger) => _triggered.AddOrUpdate((pipeline, trigger), 1, static (_, n) => n + 1);

    /// <summary>A run of <paramref name="pipeline"/> outlived its <c>sla.max_duration</c>.</summary>
    public void SlaMissed(string pipeline) => _slaMisses.AddOrUpdate(pipeline, 1, static (_, n) => n + 1);

    /// <summary>A finished run of <paramref name="pipeline"/> spent <paramref name="usage"/> on <paramref name="model"/>.</summary>
    public void ModelUsed(string pipeline, string model, ModelUsage usage) =>
        _models.AddOrUpdate((pipeline, model), usage, (_, sum) => sum.Add(usage));

    public IEnumerable<KeyValuePair<(string Pipeline, string Model), ModelUsage>> Models => _models.OrderBy(static p => p.Key);

    public IEnumerable<KeyValuePair<(string Pipeline, string Trigger), long>> Triggered => _triggered.OrderBy(static p => p.Key);

    public IEnumerable<KeyValuePair<string, long>> SlaMisses => _slaMisses.OrderBy(static p => p.Key, StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<(string Pipeline, string State), long>> Runs => _runs.OrderBy(static p => p.Key);

    public IEnumerable<KeyValuePair<(string Pipeline, string State), long>> Tasks => _tasks.OrderBy(static p => p.Key);

    public IEnumerable<KeyValuePair<string, DurationHistogram>> Durations => _durations.OrderBy(static p => p.Key, StringComparer.Ordinal);

    private static DateTimeOffset ReadProcessStart(TimeProvider time)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetCurrentProcess();
            return new DateTimeOffset(p.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            return time.GetUtcNow();
        }
    }
}
