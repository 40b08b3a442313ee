using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Execution;
using Sluice.State;

namespace Sluice.Cli.Output;

/// <summary>
/// Live progress on stderr. Events arrive on the run's coordinator thread, so this only records them;
/// a timer prints. Small pipelines get a line per finished task; large ones (or mapped tasks) a
/// periodic status line. Failures are always printed.
/// </summary>
internal sealed class ProgressObserver : IRunObserver, IAsyncDisposable
{
    private const int PerTaskLinesUpTo = 60;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentDictionary<string, TaskState> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Done, int Total)> _maps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _started = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _printer;
    private readonly bool _quiet;
    private int _taskCount;
    private int _finished;
    private int _itemsDone;
    private string _status = "";
    private long _lastPlain;

    public ProgressObserver(TimeProvider time, bool quiet)
    {
        _time = time;
        _quiet = quiet;
        _printer = Task.Run(PrintLoopAsync);
    }

    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
        _taskCount = taskCount;
        if (_quiet)
        {
            // --quiet: only failures and the summary.
            return;
        }
        _lines.Enqueue($"▶ run {runId} of {pipelineId}: {taskCount} task(s)");
    }

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        if (mapIndex >= 0)
        {
            if (state.IsFinal())
            {
                Interlocked.Increment(ref _itemsDone);
                _maps.AddOrUpdate(taskId, (1, 0), static (_, v) => (v.Done + 1, v.Total));
            }
            if (state == TaskState.Failed)
            {
                _lines.Enqueue($"  ✖ {taskId}[{mapIndex}] failed (attempt {attempt}): {message}");
            }
            return;
        }
        _tasks[taskId] = state;
        if (state == TaskState.Running)
        {
            _started[taskId] = _time.GetUtcNow();
            return;
        }
        if (state == TaskState.UpForRetry)
        {
            _lines.Enqueue($"  ↻ {taskId} attempt {attempt} failed, will retry: {message}");
            return;
        }
        if (!state.IsFinal())
        {
            return;
        }
        Interlocked.Increment(ref _finished);
        var showAll = _taskCount <= PerTaskLinesUpTo;
        if (state is TaskState.Failed)
        {
            _lines.Enqueue($"  ✖ {taskId} failed: {message}");
        }
        else if (showAll && !_quiet)
        {
            var took = _started.TryGetValue(taskId, out var s) ? " " + Seconds(_time.GetUtcNow() - s) : "";
            var items = _maps.TryGetValue(taskId, out var m) ? $" ({m.Total} items)" : "";
            var mark = state switch { TaskState.Succeeded => "✔", TaskState.Skipped => "↷", _ => "·" };
            _lines.Enqueue($"  {mark} {taskId} {state.ToName()}{items}{took}");
        }
    }

    public void TaskExpanded(string runId, string taskId, int count) =>
        _maps.AddOrUpdate(taskId, (0, count), (_, v) => (v.Done, count));

    public void RunFinished(RunOutcome outcome)
    {
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s";

    private async Task PrintLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Flush(final: false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Flush(bool final)
    {
        var err = Console.Error;
        var hadLines = false;
        while (_lines.TryDequeue(out var line))
        {
            if (!hadLines && _status.Length > 0 && Terminal.ErrorIsTerminal)
            {
                err.Write("\r\u001b[2K");
            }
            hadLines = true;
            err.WriteLine(line);
        }
        if (_quiet || final)
        {
            if (Terminal.ErrorIsTerminal && _status.Length > 0)
            {
                err.Write("\r\u001b[2K");
            }
            return;
        }
        var maps = string.Join(" ", _maps.Where(static kv => kv.Value.Total > 0 && kv.Value.Done < kv.Value.Total)
            .Select(static kv => $"{kv.Key} {kv.Value.Done}/{kv.Value.Total}"));
        var status = $"  … {_finished}/{_taskCount} tasks done{(maps.Length > 0 ? "; " + maps : "")}";
        if (Terminal.ErrorIsTerminal)
        {
            err.Write("\r\u001b[2K" + status);
            _status = status;
        }
        else if (_taskCount > PerTaskLinesUpTo || maps.Length > 0)
        {
            // Not a terminal: a status line now and then, not every tick.
            if (status != _status && Environment.TickCount64 - _lastPlain > 2000)
            {
                err.WriteLine(status);
                _status = status;
                _lastPlain = Environment.TickCount64;
            }
        }
        err.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _printer.ConfigureAwait(false);
        Flush(final: true);
        await Console.Error.FlushAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
