using Sluice.State;

namespace Sluice.Cli.Output;

/// <summary>One line per task: mapped tasks' item rows folded into counts.</summary>
internal sealed record TaskSummary(string TaskId, TaskState State, int Attempts, int? Items, int ItemsSucceeded, int ItemsFailed,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Error, string? OutputsJson)
{
    /// <summary>
    /// The tasks of <paramref name="rows"/>: in <paramref name="order"/> (the DAG's, see <see cref="TaskOrder"/>) when
    /// given, tasks it does not name last; otherwise by start time.
    /// </summary>
    public static IReadOnlyList<TaskSummary> From(IReadOnlyList<TaskInstanceRecord> rows, IReadOnlyList<string>? order = null)
    {
        var result = new List<TaskSummary>();
        foreach (var group in rows.GroupBy(static r => r.TaskId))
        {
            var parent = group.FirstOrDefault(static r => r.MapIndex < 0);
            var items = group.Where(static r => r.MapIndex >= 0).ToList();
            if (parent is null)
            {
                continue;
            }
            var attempts = items.Count > 0 ? items.Sum(static i => i.Attempt) : parent.Attempt;
            var firstItemError = items.FirstOrDefault(static i => i.State == TaskState.Failed)?.Error;
            result.Add(new TaskSummary(parent.TaskId, parent.State, attempts, parent.MapCount,
                items.Count(static i => i.State == TaskState.Succeeded), items.Count(static i => i.State == TaskState.Failed),
                parent.StartedAt, parent.EndedAt, parent.Error ?? firstItemError, parent.OutputsJson));
        }
        var byStart = result.OrderBy(static t => t.StartedAt ?? DateTimeOffset.MaxValue).ThenBy(static t => t.TaskId, StringComparer.Ordinal);
        if (order is null)
        {
            return [.. byStart];
        }
        var position = order.Select(static (id, i) => (id, i)).ToDictionary(static p => p.id, static p => p.i, StringComparer.Ordinal);
        return [.. byStart.OrderBy(t => position.GetValueOrDefault(t.TaskId, int.MaxValue))];
    }
}
