namespace Sluice.Retention;

/// <summary>How long things are kept. Only final runs are ever purged; running ones are never touched.</summary>
public sealed record RetentionOptions
{
    /// <summary>Runs (with task instances, attempts, logs, artifacts) that ended longer ago are deleted. The default is 30 days.</summary>
    public TimeSpan RunsMaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Log lines of runs that ended longer ago are deleted (the runs stay); null means as long as the runs. The default is null.</summary>
    public TimeSpan? LogsMaxAge { get; init; }

    /// <summary>Artifact folders of runs that ended longer ago are deleted; null means as long as the runs. The default is null.</summary>
    public TimeSpan? ArtifactsMaxAge { get; init; }

    /// <summary>Quality history (trends of <c>analyze_data_quality</c>) recorded longer ago is deleted; null means as long as the runs. The default is null.</summary>
    public TimeSpan? QualityMaxAge { get; init; }

    /// <summary>Finished queue jobs (and their results) that ended longer ago are deleted. The default is 7 days.</summary>
    public TimeSpan JobsMaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Runs per transaction: small batches keep locks short while runs are active. The default is 100.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>The artifact root (<c>&lt;root&gt;/&lt;run id&gt;</c> per run), or null to leave files alone. The default is null.</summary>
    public string? ArtifactRoot { get; init; }

    /// <summary>How often <see cref="RetentionService"/> purges. The default is 1 hour.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Checks the settings; throws naming every bad value.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (RunsMaxAge <= TimeSpan.Zero)
        {
            errors.Add($"RunsMaxAge must be positive, was {RunsMaxAge}");
        }
        if (LogsMaxAge is { } l && l <= TimeSpan.Zero)
        {
            errors.Add($"LogsMaxAge must be positive, was {l}");
        }
        if (ArtifactsMaxAge is { } a && a <= TimeSpan.Zero)
        {
            errors.Add($"ArtifactsMaxAge must be positive, was {a}");
        }
        if (QualityMaxAge is { } q && q <= TimeSpan.Zero)
        {
            errors.Add($"QualityMaxAge must be positive, was {q}");
        }
        if (BatchSize < 1)
        {
            errors.Add($"BatchSize must be at least 1, was {BatchSize}");
        }
        if (Interval <= TimeSpan.Zero)
        {
            errors.Add($"Interval must be positive, was {Interval}");
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid retention options: " + string.Join("; ", errors) + ".");
        }
    }
}
