using System.Globalization;
using Sluice.State;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sluice.Cli.Output;

/// <summary>The live table: what it shows of each task and how it is refreshed.</summary>
internal sealed partial class ProgressObserver
{
    /// <summary>Rows drawn at most: a larger pipeline shows its unfinished tasks first, then the latest finished, and a count of the rest.</summary>
    internal const int MaxTableRows = 24;

    private const int BarWidth = 20;

    /// <summary>The table as of now (the live view draws it every refresh; a test renders it on a test console).</summary>
    internal IRenderable Table()
    {
        var now = time.GetUtcNow();
        var table = new Table().Border(TableBorder.Simple).Expand()
            .AddColumn("task").AddColumn("state").AddColumn(new TableColumn("duration").RightAligned())
            .AddColumn("progress").AddColumn(new TableColumn("rows").RightAligned()).AddColumn(new TableColumn("rows/s").RightAligned());
        List<string[]> cells;
        int hidden;
        lock (_gate)
        {
            var shown = Shown();
            hidden = _order.Count - shown.Count;
            cells = [.. shown.Select(r => Cells(r, now))];
        }
        foreach (var row in cells)
        {
            table.AddRow(row);
        }
        var done = Volatile.Read(ref _finished);
        table.Caption(string.Create(CultureInfo.InvariantCulture,
            $"{done}/{_taskCount} tasks done{(hidden > 0 ? $"; {hidden} more not shown" : "")}"));
        return table;
    }

    /// <summary>The rows to draw, in the order tasks started: every one when they fit, else unfinished ones first. Under <see cref="_gate"/>.</summary>
    private List<TaskRow> Shown()
    {
        if (_order.Count <= MaxTableRows)
        {
            return _order;
        }
        var open = _order.Where(static r => !r.State.IsFinal()).Take(MaxTableRows).ToList();
        var latest = _order.Where(static r => r.State.IsFinal()).OrderByDescending(static r => r.EndedAt).Take(MaxTableRows - open.Count).ToHashSet();
        return [.. _order.Where(r => latest.Contains(r) || open.Contains(r))];
    }

    private static string[] Cells(TaskRow r, DateTimeOffset now)
    {
        var inv = CultureInfo.InvariantCulture;
        var took = r.StartedAt is { } s ? (r.EndedAt ?? now) - s : (TimeSpan?)null;
        var counting = r.Progress.Values.Where(static p => p.CountsRows).ToList();
        long? rows = counting.Count > 0 ? counting.Sum(static p => p.Rows) : null;
        var rate = rows is { } n && n > 0 && took is { TotalSeconds: > 0 } t ? (n / t.TotalSeconds).ToString("#,0", inv) : "";
        var state = StateMarkup.Task(r.State) + (r.Attempt > 1 ? $" [grey](attempt {r.Attempt})[/]" : "");
        return
        [
            Markup.Escape(r.Id),
            state,
            took is { } d ? d.TotalSeconds.ToString("0.0", inv) + "s" : "",
            Bar(r),
            rows?.ToString("#,0", inv) ?? "",
            rate,
        ];
    }

    /// <summary>Items done of a mapped task, or a full bar for a finished task and a pulse for a running one.</summary>
    private static string Bar(TaskRow r)
    {
        if (r.ItemsTotal > 0)
        {
            var filled = (int)Math.Round(BarWidth * (double)Math.Min(r.ItemsDone, r.ItemsTotal) / r.ItemsTotal);
            return $"[green]{new string('━', filled)}[/][grey]{new string('─', BarWidth - filled)}[/] {r.ItemsDone}/{r.ItemsTotal}";
        }
        return r.State switch
        {
            TaskState.Succeeded => $"[green]{new string('━', BarWidth)}[/]",
            TaskState.Failed or TaskState.UpstreamFailed => $"[red]{new string('━', BarWidth)}[/]",
            TaskState.Running or TaskState.UpForRetry => $"[blue]{new string('━', BarWidth / 4)}[/][grey]{new string('─', BarWidth - BarWidth / 4)}[/]",
            _ => $"[grey]{new string('─', BarWidth)}[/]",
        };
    }

    private async Task LiveLoopAsync()
    {
        var console = live!;
        await console.Live(Table()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async ctx =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            try
            {
                do
                {
                    Draw(console, ctx);
                }
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
            }
            // The last drawing stays on the screen: the run's end state, above the summary.
            Draw(console, ctx);
        }).ConfigureAwait(false);
    }

    /// <summary>Lines (the run header, failures, retries) go above the table, which Spectre redraws below them.</summary>
    private void Draw(IAnsiConsole console, LiveDisplayContext ctx)
    {
        while (_lines.TryDequeue(out var line))
        {
            console.WriteLine(line);
        }
        ctx.UpdateTarget(Table());
        ctx.Refresh();
    }
}
