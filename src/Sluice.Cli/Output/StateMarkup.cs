using Sluice.State;

namespace Sluice.Cli.Output;

/// <summary>Coloured state names for tables.</summary>
internal static class StateMarkup
{
    public static string Run(RunState s) => $"[{Color(s)}]{s.ToName()}[/]";

    public static string Task(TaskState s) => $"[{Color(s)}]{s.ToName()}[/]";

    private static string Color(RunState s) => s switch
    {
        RunState.Succeeded => "green",
        RunState.Failed => "red",
        RunState.Running => "blue",
        RunState.Skipped => "grey",
        _ => "yellow",
    };

    private static string Color(TaskState s) => s switch
    {
        TaskState.Succeeded => "green",
        TaskState.Failed or TaskState.UpstreamFailed => "red",
        TaskState.Running => "blue",
        TaskState.Skipped => "grey",
        _ => "yellow",
    };
}
