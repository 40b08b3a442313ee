using Sluice.State;

namespace Sluice.Postgres.Tests.Testing;

/// <summary>Small builders for store records used by the PostgreSQL-specific tests.</summary>
internal static class Records
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static RunRecord Run(string id) => new() { RunId = id, PipelineId = "p", VersionHash = "h1", State = RunState.Running, CreatedAt = T0 };

    public static TaskInstanceRecord Task(string run, string task, int map = -1, TaskState state = TaskState.Succeeded) =>
        new() { RunId = run, TaskId = task, MapIndex = map, State = state, Attempt = 1, StartedAt = T0, EndedAt = T0.AddSeconds(1), OutputsJson = "{}" };

    public static LogRecord Log(string run, string task, string text) => new(0, run, task, -1, 1, T0, "stdout", text);
}
