namespace Sluice.State;

/// <summary>Text names of states as stored and shown (snake_case), and state predicates.</summary>
public static class StateNames
{
    private static readonly string[] TaskNames = ["pending", "queued", "running", "up_for_retry", "succeeded", "failed", "skipped", "upstream_failed", "cancelled"];
    private static readonly string[] RunNames = ["queued", "running", "succeeded", "failed", "cancelled", "skipped"];

    /// <summary>The stored name of <paramref name="state"/>.</summary>
    public static string ToName(this TaskState state) => TaskNames[(int)state];

    /// <summary>The stored name of <paramref name="state"/>.</summary>
    public static string ToName(this RunState state) => RunNames[(int)state];

    /// <summary>Parses a stored task state name.</summary>
    public static TaskState ParseTask(string name)
    {
        var i = Array.IndexOf(TaskNames, name);
        return i >= 0 ? (TaskState)i : throw new FormatException($"Unknown task state '{name}'.");
    }

    /// <summary>Parses a stored task state name without allocating a string for it (many rows at once).</summary>
    public static TaskState ParseTask(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < TaskNames.Length; i++)
        {
            if (name.SequenceEqual(TaskNames[i]))
            {
                return (TaskState)i;
            }
        }
        throw new FormatException($"Unknown task state '{name}'.");
    }

    /// <summary>Parses a stored run state name.</summary>
    public static RunState ParseRun(string name)
    {
        var i = Array.IndexOf(RunNames, name);
        return i >= 0 ? (RunState)i : throw new FormatException($"Unknown run state '{name}'.");
    }

    /// <summary>True for states that never change again within a run attempt (resume may reset failures).</summary>
    public static bool IsFinal(this TaskState state) => state is TaskState.Succeeded or TaskState.Failed or TaskState.Skipped or TaskState.UpstreamFailed or TaskState.Cancelled;

    /// <summary>True for states a resume keeps: the work is done and its outputs are committed.</summary>
    public static bool IsDone(this TaskState state) => state is TaskState.Succeeded or TaskState.Skipped;

    /// <summary>True for final run states.</summary>
    public static bool IsFinal(this RunState state) => state is RunState.Succeeded or RunState.Failed or RunState.Cancelled or RunState.Skipped;
}
