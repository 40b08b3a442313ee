using Sluice.Definition;
using Sluice.Definition.Validation;
using Sluice.State;

namespace Sluice.Execution.Semantics;

/// <summary>
/// An operator's change to the tasks of a run that is not executing: <see cref="Clear"/> (Airflow's "clear": a task, its
/// downstream, or chosen items of a <c>for_each</c> task run again within the same run) and <see cref="Mark"/> (a task
/// set to succeeded or skipped with a reason). Both only rewrite task rows and put the run back to <c>queued</c>; the run
/// is then executed again by the ordinary resume path (<c>RunExecution.Restore</c> keeps what is done and runs the
/// rest), so there is one run semantics for fresh, resumed, cleared and marked runs, on every store.
/// </summary>
public static class TaskRework
{
    /// <summary>
    /// Plans a clear: the selected tasks (or only <paramref name="items"/> of one mapped task) and, unless
    /// <paramref name="downstream"/> is false, every task downstream of them go back to pending. Attempt numbers are
    /// kept, so the next attempts continue the history (every attempt stays in the Gantt chart), and each cleared task
    /// gets a fresh retry budget: its <c>retries</c> count from the clear (<see cref="TaskInstanceRecord.RetryBase"/>).
    /// </summary>
    /// <param name="definition">The definition version the run executes with.</param>
    /// <param name="run">The run (must not be queued or running).</param>
    /// <param name="rows">The run's task instance rows.</param>
    /// <param name="taskIds">The tasks to clear.</param>
    /// <param name="items">Item indexes of the one selected mapped task, or null for whole tasks.</param>
    /// <param name="downstream">Also clear every task downstream of the selection.</param>
    /// <param name="actor">Who asks (written to the run's log).</param>
    /// <param name="now">The time of the change.</param>
    /// <returns>The batch to commit and the cleared task ids, or the reason it is refused.</returns>
    public static ReworkPlan Clear(PipelineDefinition definition, RunRecord run, IReadOnlyList<TaskInstanceRecord> rows, IReadOnlyCollection<string> taskIds,
        IReadOnlyCollection<int>? items, bool downstream, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(taskIds);
        if (Refusal(definition, run, taskIds) is { } refused)
        {
            return ReworkPlan.Refused(refused);
        }
        var itemTask = (string?)null;
        if (items is not null)
        {
            if (taskIds.Count != 1 || definition.Tasks.First(t => t.Id == taskIds.First()).ForEach is null)
            {
                return ReworkPlan.Refused("items can be cleared for exactly one for_each task");
            }
            itemTask = taskIds.First();
            var count = rows.FirstOrDefault(r => r.TaskId == itemTask && r.MapIndex < 0)?.MapCount ?? 0;
            var bad = items.Where(i => i < 0 || i >= count).Select(static i => (int?)i).FirstOrDefault();
            if (items.Count == 0 || bad is not null)
            {
                return ReworkPlan.Refused(count == 0
                    ? $"task '{itemTask}' has no items in run '{run.RunId}' yet; clear the whole task"
                    : $"item {bad} of task '{itemTask}' does not exist: the items are 0 to {count - 1}");
            }
        }
        var cleared = new HashSet<string>(taskIds, StringComparer.Ordinal);
        if (downstream)
        {
            foreach (var id in Downstream(definition, taskIds))
            {
                cleared.Add(id);
            }
        }
        var batch = new StateBatch();
        foreach (var r in rows)
        {
            if (!cleared.Contains(r.TaskId))
            {
                continue;
            }
            // A partial clear keeps the other items' rows: Restore keeps their succeeded outputs and runs only these.
            if (r.TaskId == itemTask && r.MapIndex >= 0 && !items!.Contains(r.MapIndex))
            {
                continue;
            }
            if (r.State == TaskState.Pending && r.EndedAt is null && r.OutputsJson is null)
            {
                continue;
            }
            // A fresh retry budget: retries count from the attempts made so far, while the numbers go on.
            batch.Tasks.Add(r with { State = TaskState.Pending, EndedAt = null, Error = null, OutputsJson = null, RetryBase = r.Attempt });
        }
        var what = itemTask is null
            ? string.Join(", ", definition.Tasks.Select(static t => t.Id).Where(cleared.Contains))
            : $"items {string.Join(", ", items!.Order())} of {itemTask}" + (cleared.Count > 1 ? " and downstream " + string.Join(", ", cleared.Where(c => c != itemTask)) : "");
        Requeue(batch, run, $"cleared by {actor}: {what}", now);
        return new ReworkPlan(batch, [.. definition.Tasks.Select(static t => t.Id).Where(cleared.Contains)], null);
    }

    /// <summary>
    /// Plans a mark: the task's state becomes <paramref name="state"/> (succeeded with no outputs, or skipped) as if it
    /// had run, its items of a mapped task included. The run goes back to queued so that its remaining tasks run (a
    /// task marked succeeded lets its downstream run) and the run's own state is decided as always.
    /// </summary>
    /// <param name="definition">The definition version the run executes with.</param>
    /// <param name="run">The run (must not be queued or running).</param>
    /// <param name="rows">The run's task instance rows.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="state"><see cref="TaskState.Succeeded"/> or <see cref="TaskState.Skipped"/>.</param>
    /// <param name="reason">Why; written to the task's log with <paramref name="actor"/>.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="now">The time of the change.</param>
    /// <returns>The batch to commit, or the reason it is refused.</returns>
    public static ReworkPlan Mark(PipelineDefinition definition, RunRecord run, IReadOnlyList<TaskInstanceRecord> rows, string taskId, TaskState state,
        string reason, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(rows);
        if (state is not (TaskState.Succeeded or TaskState.Skipped))
        {
            return ReworkPlan.Refused($"a task can be marked succeeded or skipped, not {state.ToName()}");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ReworkPlan.Refused("give a reason for the mark (it is kept in the task's log and the audit trail)");
        }
        if (Refusal(definition, run, [taskId]) is { } refused)
        {
            return ReworkPlan.Refused(refused);
        }
        var batch = new StateBatch();
        var parent = rows.FirstOrDefault(r => r.TaskId == taskId && r.MapIndex < 0);
        var mapped = definition.Tasks.First(t => t.Id == taskId).ForEach is not null;
        var outputs = state == TaskState.Succeeded ? "{}" : null;
        batch.Tasks.Add((parent ?? new TaskInstanceRecord { RunId = run.RunId, TaskId = taskId }) with
        {
            State = state,
            EndedAt = now,
            Error = null,
            OutputsJson = mapped ? null : outputs,
            MapCount = mapped ? parent?.MapCount ?? 0 : null,
        });
        foreach (var item in rows.Where(r => r.TaskId == taskId && r.MapIndex >= 0 && !r.State.IsDone()))
        {
            batch.Tasks.Add(item with { State = state, EndedAt = now, Error = null, OutputsJson = outputs });
        }
        var text = $"marked {state.ToName()} by {actor}: {reason.Trim()}";
        batch.Logs.Add(new LogRecord(0, run.RunId, taskId, -1, parent?.Attempt ?? 0, now, "info", text));
        Requeue(batch, run, $"task {taskId} {text}", now);
        return new ReworkPlan(batch, [taskId], null);
    }

    /// <summary>Every task that depends on one of <paramref name="roots"/>, directly or not, in no particular order.</summary>
    public static IReadOnlyCollection<string> Downstream(PipelineDefinition definition, IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var dependents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var t in definition.Tasks)
        {
            foreach (var d in t.Dependencies)
            {
                if (!dependents.TryGetValue(d, out var list))
                {
                    dependents[d] = list = [];
                }
                list.Add(t.Id);
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(roots);
        while (stack.TryPop(out var id))
        {
            foreach (var next in dependents.GetValueOrDefault(id) ?? [])
            {
                if (seen.Add(next))
                {
                    stack.Push(next);
                }
            }
        }
        return seen;
    }

    private static string? Refusal(PipelineDefinition definition, RunRecord run, IReadOnlyCollection<string> taskIds)
    {
        if (!run.State.IsFinal())
        {
            return $"run '{run.RunId}' is {run.State.ToName()}; cancel it or wait until it ends before changing its tasks";
        }
        if (taskIds.Count == 0)
        {
            return "choose at least one task";
        }
        var known = definition.Tasks.Select(static t => t.Id).ToList();
        foreach (var id in taskIds)
        {
            if (!known.Contains(id, StringComparer.Ordinal))
            {
                return $"task '{id}' is not in pipeline '{definition.Id}' ({NameSuggester.Hint(id, known, "tasks")})";
            }
        }
        return null;
    }

    /// <summary>The run row goes back to queued (its end, error and result cleared) with a run-level log line saying who did what.</summary>
    private static void Requeue(StateBatch batch, RunRecord run, string text, DateTimeOffset now)
    {
        batch.Runs.Add(run with { State = RunState.Queued, EndedAt = null, Error = null, ResultJson = null });
        batch.Logs.Add(new LogRecord(0, run.RunId, "", -1, 0, now, "info", text));
    }
}
