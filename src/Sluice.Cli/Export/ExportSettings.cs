namespace Sluice.Cli.Export;

/// <summary>What an exported DAG needs to call <c>sluice task run</c> for each task.</summary>
internal sealed record ExportSettings
{
    /// <summary>The pipeline file as the scheduler's workers see it (absolute, or as given with --pipeline-path).</summary>
    public required string PipelinePath { get; init; }

    /// <summary>The shared store every task uses (a PostgreSQL connection string for many machines).</summary>
    public required string Store { get; init; }

    /// <summary>The shared artifact root, or null for the store's default.</summary>
    public string? Artifacts { get; init; }

    /// <summary>The command that starts Sluice on the scheduler's workers. The default is <c>sluice</c>.</summary>
    public string Command { get; init; } = "sluice";

    /// <summary>The container image for Kubernetes pods (Argo, Airflow's KubernetesPodOperator), or null for plain commands.</summary>
    public string? Image { get; init; }

    /// <summary>The arguments after <c>sluice</c> for one task of run <paramref name="runId"/> (a scheduler template).</summary>
    public IReadOnlyList<string> TaskArguments(string runId, string taskId, string? logicalDate, int? skippedExitCode)
    {
        var args = new List<string> { "task", "run", runId, taskId, "--store", Store, "--pipeline", PipelinePath };
        if (Artifacts is not null)
        {
            args.AddRange(["--artifacts", Artifacts]);
        }
        if (logicalDate is not null)
        {
            args.AddRange(["--logical-date", logicalDate]);
        }
        if (skippedExitCode is { } code)
        {
            args.AddRange(["--skipped-exit-code", code.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        return args;
    }
}
