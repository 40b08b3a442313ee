namespace Sluice.Hosting.Library;

/// <summary>Options of <see cref="SluicePipelines.ExecuteAsync"/>.</summary>
public sealed record PipelineExecutionOptions
{
    /// <summary>The state store: a SQLite file or a PostgreSQL connection string. The default is <c>.sluice/sluice.db</c>, as for the CLI.</summary>
    public string? Store { get; init; }

    /// <summary>Called when a task instance changes state. Called on the run's coordinator: keep it quick; what it throws is caught and ignored.</summary>
    public Action<PipelineProgress>? OnProgress { get; init; }

    /// <summary>Called when a task attempt fails. The same rules as <see cref="OnProgress"/>.</summary>
    public Action<PipelineError>? OnError { get; init; }

    /// <summary>Task instances running at once. The default is 32.</summary>
    public int MaxParallelTasks { get; init; } = 32;

    /// <summary>Refuse inputs the pipeline does not declare (like <c>--strict-inputs</c>). The default is false: they are passed on.</summary>
    public bool StrictInputs { get; init; }

    /// <summary>Also write the processing report to this file (like <c>--report</c>); it is always saved in the run's artifact folder.</summary>
    public string? ReportPath { get; init; }
}
