using System.Text.Json;
using Sluice.Expressions;
using Sluice.State;

namespace Sluice.Tests.Execution.Semantics;

/// <summary>What the store holds about a run: its record, its task instance rows and its attempts.</summary>
public sealed record FinishedRun(RunRecord Run, IReadOnlyList<TaskInstanceRecord> Rows, IReadOnlyList<AttemptRecord> Attempts)
{
    public string RunId => Run.RunId;

    public RunState State => Run.State;

    public string? Error => Run.Error;

    /// <summary>The state of every task (mapped tasks by their parent row).</summary>
    public IReadOnlyDictionary<string, TaskState> Tasks => Rows.Where(static r => r.MapIndex < 0).ToDictionary(static r => r.TaskId, static r => r.State);

    /// <summary>The row of a task or of one of its items.</summary>
    public TaskInstanceRecord Row(string taskId, int item = -1) => Rows.Single(r => r.TaskId == taskId && r.MapIndex == item);

    /// <summary>The items of a mapped task, by index.</summary>
    public IReadOnlyList<TaskInstanceRecord> Items(string taskId) => [.. Rows.Where(r => r.TaskId == taskId && r.MapIndex >= 0).OrderBy(static r => r.MapIndex)];

    /// <summary>A task's committed outputs, or null (skipped, failed).</summary>
    public IReadOnlyDictionary<string, object?>? Outputs(string taskId)
    {
        if (Row(taskId).OutputsJson is not { Length: > 0 } json)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        return (IReadOnlyDictionary<string, object?>?)ExprValues.FromJson(doc.RootElement);
    }

    /// <summary>Attempts of a task (or one item), in attempt order.</summary>
    public IReadOnlyList<AttemptRecord> AttemptsOf(string taskId, int item = -1) =>
        [.. Attempts.Where(a => a.TaskId == taskId && a.MapIndex == item).OrderBy(static a => a.Attempt)];
}
