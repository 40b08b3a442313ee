using System.CommandLine;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice task run</c>: one task of a run, for schedulers that own the DAG (Airflow, Argo).</summary>
internal static class TaskCommand
{
    public static Command Create() => new("task", "Run one task of a run (for external schedulers such as Airflow and Argo).") { TaskRunCommand.Create() };
}
