namespace Sluice.Execution;

/// <summary>Settings of the executor; the defaults suit one machine.</summary>
public sealed record ExecutorOptions
{
    /// <summary>Task instances running at once in one run. The default is 32.</summary>
    public int MaxParallelTasks { get; init; } = 32;

    /// <summary>A limit shared with other runs (process-wide), or null for none.</summary>
    public TaskSlots? GlobalSlots { get; init; }

    /// <summary>
    /// The machine's cores and memory, shared by every run of this process: an attempt of an action with an
    /// <see cref="Actions.ResourceAppetite"/> (the data actions) starts only when it fits. The default is <see cref="ResourceGate.Machine"/>.
    /// </summary>
    public ResourceGate Resources { get; init; } = ResourceGate.Machine;

    /// <summary>
    /// Limits per named pool (<c>pool:</c> on a task), shared by every run executed with these options: a server that
    /// reuses one options object for all its runs limits each pool across them. Tasks naming an unlisted pool are
    /// unlimited. The default has no limits.
    /// </summary>
    public PoolSlots Pools { get; init; } = PoolSlots.None;

    /// <summary>How long the run's execution lease lasts without renewal. The default is 30 seconds.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for retries, timeouts, leases and timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Random source for retry jitter; set a seeded one for reproducible tests.</summary>
    public Random Jitter { get; init; } = Random.Shared;

    /// <summary>The folder under which each run's artifacts live. The default is <c>.sluice/artifacts</c>.</summary>
    public string ArtifactRoot { get; init; } = Path.Combine(".sluice", "artifacts");

    /// <summary>
    /// The folders data actions may read and write files in; a confined policy must allow the artifact root, where
    /// tasks pass datasets to each other (<c>Sluice.Hosting.SluiceFiles</c> builds the one the commands use). The default is <see cref="Files.PathPolicy.Unrestricted"/>.
    /// </summary>
    public Files.PathPolicy Files { get; init; } = Sluice.Files.PathPolicy.Unrestricted;

    /// <summary>
    /// Local files and object stores (<c>s3://</c>), and the artifact store tasks publish their datasets to (so workers
    /// without a shared folder read each other's outputs). The default is <see cref="Files.FileStorage.Local"/>.
    /// </summary>
    public Files.FileStorage Storage { get; init; } = Sluice.Files.FileStorage.Local;

    /// <summary>
    /// Resolves <c>secret('NAME')</c>. The default (<see cref="Sluice.Secrets.SecretSources.Resolve"/>) reads environment
    /// variable <c>SLUICE_SECRET_NAME</c>, then the file <c>NAME</c> in <c>$SLUICE_SECRETS_DIR</c>, then <c>NAME</c>.
    /// </summary>
    public Func<string, string?> Secrets { get; init; } = Sluice.Secrets.SecretSources.Resolve;

    /// <summary>Environment variables visible as <c>env.NAME</c>. The default allows none but names prefixed <c>SLUICE_ENV_</c> (visible without the prefix).</summary>
    public IReadOnlyCollection<string> EnvAllowList { get; init; } = [];

    /// <summary>Receives progress events; may be null.</summary>
    public IRunObserver? Observer { get; init; }

    /// <summary>Application services handed to actions; may be null.</summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>Who executes (<c>host:pid:nonce</c>); recorded on attempts and used as the lease owner.</summary>
    public string WorkerId { get; init; } = Leases.LocalWorkerId.Value;
}
