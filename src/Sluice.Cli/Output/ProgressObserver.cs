using System.Collections.Concurrent;
using System.Globalization;
using Sluice.Actions;
using Sluice.Execution;
using Sluice.State;
using Spectre.Console;

namespace Sluice.Cli.Output;

/// <summary>
/// Live progress on stderr. Events arrive on the run's coordinator thread, so this only records them; a timer draws.
/// On a terminal (<paramref name="live"/> given) it is a Spectre live table refreshed in place: per task its state,
/// duration, a progress bar (items done of a <c>for_each</c> task) and, for data tasks, rows read and rows/s
/// (<see cref="Table"/>). Otherwise — a pipe or a file, <c>--json</c>, <c>--quiet</c> — plain lines that grep
/// and CI logs read: a line per finished task in small pipelines, a periodic status line in large ones (or with mapped
/// tasks). Failures and retries are always printed as lines.
/// </summary>
/// <param name="time">The clock durations and rates are measured with.</param>
/// <param name="quiet">Only failures (and the summary, printed by the caller).</param>
/// <param name="live">The console to draw the live table on, or null for plain lines.</param>
internal sealed partial class ProgressObserver(TimeProvider time, bool quiet, IAnsiConsole? live = null) : IRunObserver, IAsyncDisposable
{
    private const int PerTaskLinesUpTo = 60;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskRow> _rows = new(StringComparer.Ordinal);
    private readonly List<TaskRow> _order = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _printer;
    private int _taskCount;
    private int _finished;
    private string _status = "";
    private long _lastPlain;

    /// <summary>Starts drawing (a live table, or plain lines) until <see cref="DisposeAsync"/>.</summary>
    public ProgressObserver Start()
    {
        _printer = live is null ? Task.Run(PrintLoopAsync) : Task.Run(LiveLoopAsync);
        return this;
    }

    public void RunStarted(string runId, string pipelineId, int taskCount)
    {
        _taskCount = taskCount;
        if (quiet)
        {
            // --quiet: only failures and the summary.
            return;
        }
        _lines.Enqueue($"▶ run {runId} of {pipelineId}: {taskCount} task(s)");
    }

    public void AttemptStarted(string runId, string taskId, int mapIndex, int attempt, TaskProgress progress)
    {
        lock (_gate)
        {
            // A retry replaces the failed attempt's counter: rows are the current attempt's.
            Row(taskId).Progress[mapIndex] = progress;
        }
    }

    public void TaskChanged(string runId, string taskId, int mapIndex, TaskState state, int attempt, string? message)
    {
        var now = time.GetUtcNow();
        if (mapIndex >= 0)
        {
            lock (_gate)
            {
                var parent = Row(taskId);
                if (state == TaskState.Running)
                {
                    // A mapped task runs from its first item's start.
                    parent.StartedAt ??= now;
                }
                else if (state.IsFinal())
                {
                    parent.ItemsDone++;
                }
            }
            if (state == TaskState.Failed)
            {
                _lines.Enqueue($"  ✖ {taskId}[{mapIndex}] failed (attempt {attempt}): {message}");
            }
            return;
        }
        TaskRow row;
        lock (_gate)
        {
            row = Row(taskId);
            row.State = state;
            row.Attempt = attempt;
            if (state == TaskState.Running)
            {
                row.StartedAt ??= now;
            }
            else if (state.IsFinal())
            {
                row.EndedAt = now;
            }
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
        if (state is TaskState.Failed)
        {
            _lines.Enqueue($"  ✖ {taskId} failed: {message}");
        }
        else if (live is null && _taskCount <= PerTaskLinesUpTo && !quiet)
        {
            // The live table shows finished tasks itself; plain output gets a line for each.
            var took = row.StartedAt is { } s ? " " + Seconds(now - s) : "";
            var items = row.ItemsTotal > 0 ? $" ({row.ItemsTotal} items)" : "";
            var mark = state switch { TaskState.Succeeded => "✔", TaskState.Skipped => "↷", _ => "·" };
            _lines.Enqueue($"  {mark} {taskId} {state.ToName()}{items}{took}");
        }
    }

    public void TaskExpanded(string runId, string taskId, int count)
    {
        lock (_gate)
        {
            Row(taskId).ItemsTotal = count;
        }
    }

    public void RunFinished(RunOutcome outcome)
    {
    }

    /// <summary>The row of <paramref name="taskId"/>, made on its first event (so rows follow the order tasks start in). Under <see cref="_gate"/>.</summary>
    private TaskRow Row(string taskId)
    {
        if (!_rows.TryGetValue(taskId, out var row))
        {
            row = new TaskRow(taskId);
            _rows[taskId] = row;
            _order.Add(row);
        }
        return row;
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
        if (quiet || final)
        {
            if (Terminal.ErrorIsTerminal && _status.Length > 0)
            {
                err.Write("\r\u001b[2K");
            }
            return;
        }
        string maps;
        lock (_gate)
        {
            maps = string.Join(" ", _order.Where(static r => r.ItemsTotal > 0 && r.ItemsDone < r.ItemsTotal).Select(static r => $"{r.Id} {r.ItemsDone}/{r.ItemsTotal}"));
        }
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
        if (_printer is not null)
        {
            await _printer.ConfigureAwait(false);
        }
        if (live is null)
        {
            Flush(final: true);
            await Console.Error.FlushAsync().ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    /// <summary>What the table shows of one task; fields are guarded by <see cref="_gate"/>.</summary>
    private sealed class TaskRow(string id)
    {
        public string Id { get; } = id;

        public TaskState State { get; set; } = TaskState.Pending;

        public int Attempt { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        public int ItemsDone { get; set; }

        public int ItemsTotal { get; set; }

        /// <summary>The current attempt's counter per item (-1 for an unmapped task).</summary>
        public Dictionary<int, TaskProgress> Progress { get; } = [];
    }
}
