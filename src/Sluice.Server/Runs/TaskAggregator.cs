using Sluice.Definition;
using Sluice.State;

namespace Sluice.Server.Runs;

/// <summary>Folds task-instance rows into one <see cref="TaskView"/> per declared task, in declaration order.</summary>
internal static class TaskAggregator
{
    private sealed class Acc
    {
        public TaskInstanceRecord? Parent;
        public int ItemAttempts;
        public int Items;
        public int Succeeded;
        public int Failed;
        public int Running;
        public string? FirstItemError;
    }

    public static IReadOnlyList<TaskView> Aggregate(PipelineDefinition? definition, IReadOnlyList<TaskInstanceRecord> rows)
    {
        var acc = new Dictionary<string, Acc>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (!acc.TryGetValue(r.TaskId, out var a))
            {
                acc[r.TaskId] = a = new Acc();
            }
            if (r.MapIndex < 0)
            {
                a.Parent = r;
                continue;
            }
            a.Items++;
            a.ItemAttempts += r.Attempt;
            switch (r.State)
            {
                case TaskState.Succeeded: a.Succeeded++; break;
                case TaskState.Failed: a.Failed++; a.FirstItemError ??= r.Error; break;
                case TaskState.Running: a.Running++; break;
            }
        }
        var result = new List<TaskView>(definition?.Tasks.Count ?? acc.Count);
        if (definition is not null)
        {
            foreach (var t in definition.Tasks)
            {
                var view = From(t.Id, acc.GetValueOrDefault(t.Id)) with { Name = t.Name, Action = t.Action, Dependencies = t.Dependencies };
                result.Add(view);
                acc.Remove(t.Id);
            }
        }
        // Rows of tasks the definition does not know (its version could not be loaded) still show.
        foreach (var (id, a) in acc.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            result.Add(From(id, a));
        }
        return result;
    }

    private static TaskView From(string id, Acc? a)
    {
        if (a is null)
        {
            return new TaskView { Id = id, State = TaskState.Pending };
        }
        var p = a.Parent;
        return new TaskView
        {
            Id = id,
            State = p?.State ?? (a.Running > 0 ? TaskState.Running : TaskState.Pending),
            Attempts = a.Items > 0 ? a.ItemAttempts : p?.Attempt ?? 0,
            Items = p?.MapCount ?? (a.Items > 0 ? a.Items : null),
            ItemsSucceeded = a.Succeeded,
            ItemsFailed = a.Failed,
            ItemsRunning = a.Running,
            StartedAt = p?.StartedAt,
            EndedAt = p?.EndedAt,
            Error = p?.Error ?? a.FirstItemError,
            OutputsJson = p?.OutputsJson,
        };
    }

    /// <summary>Applies what the executor reported but the store may not have yet (group commit).</summary>
    public static IReadOnlyList<TaskView> Overlay(IReadOnlyList<TaskView> tasks, LiveRun live)
    {
        var result = new List<TaskView>(tasks.Count);
        lock (live.Gate)
        {
            foreach (var t in tasks)
            {
                var l = live.Find(t.Id);
                // The executor reports before the group commit lands, so what it said last is the fresher state.
                if (l is null)
                {
                    result.Add(t);
                    continue;
                }
                result.Add(t with
                {
                    State = l.State,
                    Attempts = l.ItemCount is null ? Math.Max(t.Attempts, l.Attempt) : t.Attempts,
                    Items = l.ItemCount ?? t.Items,
                    ItemsSucceeded = Math.Max(t.ItemsSucceeded, l.ItemsSucceeded),
                    ItemsFailed = Math.Max(t.ItemsFailed, l.ItemsFailed),
                    ItemsRunning = l.ItemCount is null ? t.ItemsRunning : l.RunningItems,
                    StartedAt = l.StartedAt ?? t.StartedAt,
                    EndedAt = l.State.IsFinal() ? t.EndedAt ?? l.EndedAt : null,
                    Error = l.Error ?? (l.State.IsFinal() || l.State == TaskState.UpForRetry ? t.Error : null),
                });
            }
        }
        return result;
    }
}
