using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.TaskQueue;

namespace Sluice.Distributed;

/// <summary>Settings of a <see cref="DistributedWorker"/>; the defaults suit one machine.</summary>
public sealed record WorkerOptions
{
    /// <summary>Work items running at once in this worker. The default is 16.</summary>
    public int Capacity { get; init; } = 16;

    /// <summary>Queues (task pools) served; null for every shared queue. The default is null.</summary>
    public IReadOnlyList<string>? Queues { get; init; }

    /// <summary>
    /// Only the items of this run's task, in any queue (and no queue jobs): a worker that runs one task of a run, as
    /// an external scheduler's task does (<c>sluice task run</c>). The default is null: any work.
    /// </summary>
    public TaskSelector? Only { get; init; }

    /// <summary>Per-queue limits on items running at once in this worker (<c>--pool gpu=2</c>). The default is none.</summary>
    public IReadOnlyDictionary<string, int> QueueLimits { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Store-wide limits per queue (a task's pool): at most this many items of it run at once across every worker of the
    /// store that is given the same limit (<c>--shared-pool db=1</c>); a dead worker's slot frees when its lease expires.
    /// The default is none.
    /// </summary>
    public IReadOnlyDictionary<string, int> PoolLimits { get; init; } = new Dictionary<string, int>();

    /// <summary>How long a lease lasts without a heartbeat; renewed every third of it. The default is 30 seconds.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often this worker re-queues expired leases of dead workers. The default is 5 seconds.</summary>
    public TimeSpan ReapInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest an idle worker waits before polling again when no notification wakes it. The default is 1 second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Items claimed per round trip at most. The default is 64.</summary>
    public int ClaimBatchSize { get; init; } = 64;

    /// <summary>Outcomes committed per transaction at most (group commit). The default is 256.</summary>
    public int CommitBatchSize { get; init; } = 256;

    /// <summary>
    /// Attempts a task instance may lose to dead workers (lease expiry) before it fails: a task that kills
    /// every worker running it must not loop forever. Lost attempts do not use up retries. The default is 3.
    /// </summary>
    public int MaxLostAttempts { get; init; } = 3;

    /// <summary>How long a stopping worker lets running items finish before abandoning them to other workers. The default is 10 seconds.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Actions pipeline tasks may name. The default has the built-in actions.</summary>
    public ActionRegistry Actions { get; init; } = BuiltInActions.CreateRegistry();

    /// <summary>Handlers of queue jobs by name; null when this worker runs no jobs.</summary>
    public TaskHandlerRegistry? Handlers { get; init; }

    /// <summary>
    /// Definitions built in C# (not loadable from their stored text), by pipeline id and version hash. Stored
    /// YAML versions are loaded from the store without this.
    /// </summary>
    public IReadOnlyDictionary<(string PipelineId, string Hash), PipelineDefinition> Definitions { get; init; } = new Dictionary<(string, string), PipelineDefinition>();

    /// <summary>Who this worker is (<c>host:pid:nonce</c>); recorded as lease owner and on attempts.</summary>
    public string WorkerId { get; init; } = Execution.Leases.LocalWorkerId.Value;

    /// <summary>The clock for leases, retries and timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Random source for retry jitter.</summary>
    public Random Jitter { get; init; } = Random.Shared;

    /// <summary>The machine's cores and memory shared by the attempts this worker runs (see <see cref="Execution.ExecutorOptions.Resources"/>). The default is <see cref="Execution.ResourceGate.Machine"/>.</summary>
    public Execution.ResourceGate Resources { get; init; } = Execution.ResourceGate.Machine;

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

    /// <summary>Resolves <c>secret('NAME')</c>, as <see cref="Execution.ExecutorOptions.Secrets"/>.</summary>
    public Func<string, string?> Secrets { get; init; } = new Execution.ExecutorOptions().Secrets;

    /// <summary>Environment variables visible as <c>env.NAME</c> besides those prefixed <c>SLUICE_ENV_</c>.</summary>
    public IReadOnlyCollection<string> EnvAllowList { get; init; } = [];

    /// <summary>Application services handed to actions; may be null.</summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>Receives operational messages (started, reconnecting, lost leases...). The default drops them.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Checks the settings; throws naming every bad value.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (Capacity < 1)
        {
            errors.Add($"Capacity must be at least 1, was {Capacity}");
        }
        if (ClaimBatchSize < 1)
        {
            errors.Add($"ClaimBatchSize must be at least 1, was {ClaimBatchSize}");
        }
        if (CommitBatchSize < 1)
        {
            errors.Add($"CommitBatchSize must be at least 1, was {CommitBatchSize}");
        }
        if (LeaseDuration < TimeSpan.FromMilliseconds(300))
        {
            errors.Add($"LeaseDuration must be at least 300 ms, was {LeaseDuration}");
        }
        foreach (var (queue, limit) in QueueLimits.Concat(PoolLimits))
        {
            if (limit < 1)
            {
                errors.Add($"the limit of queue '{queue}' must be at least 1, was {limit}");
            }
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid worker options: " + string.Join("; ", errors) + ".");
        }
    }
}
