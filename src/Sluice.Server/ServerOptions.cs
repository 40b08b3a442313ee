using Sluice.Actions;
using Sluice.Server.Alerts;

namespace Sluice.Server;

/// <summary>Settings of <c>sluice serve</c>. Immutable; validated by <see cref="SluiceServer.CreateAsync"/>.</summary>
public sealed record ServerOptions
{
    /// <summary>The folder whose <c>*.yaml</c>/<c>*.yml</c> files are the served pipelines; watched for changes.</summary>
    public required string PipelinesDirectory { get; init; }

    /// <summary>Addresses to listen on, separated by <c>;</c>. The default is <c>http://127.0.0.1:8080</c>.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>
    /// The state store: a SQLite file, or a PostgreSQL connection string (<c>Host=...;Database=...</c>) shared by
    /// several servers and workers. Schedules live in the same store. The default is <c>.sluice/sluice.db</c>.
    /// </summary>
    public string StorePath { get; init; } = Path.Combine(".sluice", "sluice.db");

    /// <summary>
    /// Execute runs in this process (true, the default), or only start them for <c>sluice worker</c> processes
    /// to execute (false, <c>--no-execute</c>; needs a store with a work queue).
    /// </summary>
    public bool ExecuteRuns { get; init; } = true;

    /// <summary>
    /// With a PostgreSQL store, several servers elect one to run the scheduler: how often a follower tries to
    /// take over, and how often the leader checks its lock. The default is 5 seconds.
    /// </summary>
    public TimeSpan LeadershipInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The API token. When set, POST endpoints need <c>Authorization: Bearer TOKEN</c>; when the server
    /// listens on a non-loopback address it is required and every endpoint needs it. Null means none.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// Host names the server answers to besides loopback names and addresses and the hosts of <see cref="Urls"/>
    /// (<c>--allowed-host</c>): an exact name (<c>sluice.example.com</c>), a subdomain pattern (<c>*.example.com</c>),
    /// or <c>*</c> for any. A request for another host is refused with 421 (a defence against DNS rebinding).
    /// An origin whose host is listed here (not <c>*</c>) may also send state-changing requests, for reverse proxies
    /// that rewrite the <c>Host</c> header. Empty by default.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>The largest request body accepted, in bytes; a larger one is refused with 413. The default is 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Runs executing at once; further runs wait in the queue. The default is 4.</summary>
    public int MaxConcurrentRuns { get; init; } = 4;

    /// <summary>Task instances running at once across all runs (a shared <see cref="Execution.TaskSlots"/>). The default is 32.</summary>
    public int TaskSlots { get; init; } = 32;

    /// <summary>Task instances running at once in one run. The default is 32.</summary>
    public int MaxParallelTasksPerRun { get; init; } = 32;

    /// <summary>Limits per named pool (<c>pool:</c> on a task), shared by every run this server executes.</summary>
    public IReadOnlyDictionary<string, int> Pools { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Purges ended runs (with their tasks, logs, artifacts and the quality history) past this retention periodically
    /// while the server runs (<c>--purge-older-than</c>); null, the default, purges nothing.
    /// </summary>
    public Retention.RetentionOptions? Retention { get; init; }

    /// <summary>The folder for run artifacts; null means <c>artifacts</c> beside the store file.</summary>
    public string? ArtifactRoot { get; init; }

    /// <summary>
    /// Confines the files data actions read and write: when set, to these paths, the current directory, the artifact
    /// root (read and write) and <see cref="PipelinesDirectory"/> (read only). <c>sluice serve</c> always sets it (to the
    /// <c>--allow-path</c> values). The default, null, confines nothing.
    /// </summary>
    public IReadOnlyList<Files.AllowedPath>? AllowedPaths { get; init; }

    /// <summary>How long a pipeline file must stay unchanged before it is reloaded. The default is 300 ms.</summary>
    public TimeSpan ReloadDebounce { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The actions pipelines may use; null means the built-in and the data actions (files only: no database providers).</summary>
    public ActionRegistry? Actions { get; init; }

    /// <summary>
    /// URLs that receive alerts as JSON POSTs (Slack-compatible <c>{"text": ...}</c> plus structured fields): run
    /// failed, retries exhausted, SLA missed, quality gate. Empty (the default) sends none.
    /// </summary>
    public IReadOnlyList<string> AlertWebhooks { get; init; } = [];

    /// <summary>Retries, timeout and queue size of alert delivery.</summary>
    public AlertDeliveryOptions AlertDelivery { get; init; } = new();

    /// <summary>How often file triggers look at their globs. The default is 1 second.</summary>
    public TimeSpan FilePollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the scheduler waits before delivering a fire again when creating its run failed. The default is 1 minute.</summary>
    public TimeSpan ScheduleRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How the server logs to the console: text (the default) or one JSON object per line on stderr.</summary>
    public ServerLogFormat LogFormat { get; init; } = ServerLogFormat.Text;

    /// <summary>
    /// An OpenTelemetry collector to export metrics to over OTLP (<c>--otlp-endpoint</c>), like
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: for OTLP/HTTP the base address (metrics go to its <c>/v1/metrics</c>).
    /// The default is none: then the standard <c>OTEL_EXPORTER_OTLP_*</c> variables decide, and without them
    /// metrics are only served at <c>/metrics</c>.
    /// </summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>The OTLP transport for <see cref="OtlpEndpoint"/>. The default is gRPC.</summary>
    public OpenTelemetry.Exporter.OtlpExportProtocol OtlpProtocol { get; init; } = OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;

    /// <summary>How often metrics are exported to <see cref="OtlpEndpoint"/>. The default is 60 seconds.</summary>
    public TimeSpan MetricExportInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Checks every setting and returns every problem (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(PipelinesDirectory))
        {
            problems.Add("the pipelines folder is required (--pipelines DIR)");
        }
        else if (!Directory.Exists(PipelinesDirectory))
        {
            problems.Add($"the pipelines folder '{PipelinesDirectory}' does not exist");
        }
        if (MaxConcurrentRuns < 1)
        {
            problems.Add($"the maximum of concurrent runs must be at least 1, was {MaxConcurrentRuns}");
        }
        if (TaskSlots < 1)
        {
            problems.Add($"task slots must be at least 1, was {TaskSlots}");
        }
        if (MaxParallelTasksPerRun < 1)
        {
            problems.Add($"parallel tasks per run must be at least 1, was {MaxParallelTasksPerRun}");
        }
        if (Token is { Length: > 0 and < 16 })
        {
            problems.Add($"the API token must be at least 16 characters, was {Token.Length}");
        }
        foreach (var host in AllowedHosts)
        {
            if (Security.HostPolicy.Check(host) is { } problem)
            {
                problems.Add(problem);
            }
        }
        if (MaxRequestBodyBytes < 1024)
        {
            problems.Add($"the request body limit must be at least 1024 bytes, was {MaxRequestBodyBytes}");
        }
        foreach (var hook in AlertWebhooks)
        {
            if (!Alerts.AlertNotifier.IsWebhook(hook))
            {
                problems.Add($"the alert webhook '{hook}' is not an absolute http:// or https:// URL");
            }
        }
        problems.AddRange(AlertDelivery.Validate());
        if (FilePollInterval <= TimeSpan.Zero)
        {
            problems.Add($"the file trigger poll interval must be more than zero, was {FilePollInterval}");
        }
        if (LeadershipInterval <= TimeSpan.Zero)
        {
            problems.Add($"the leadership interval must be more than zero, was {LeadershipInterval}");
        }
        if (OtlpEndpoint is { } otlp && (!otlp.IsAbsoluteUri || otlp.Scheme is not ("http" or "https")))
        {
            problems.Add($"the OTLP endpoint '{otlp}' is not an absolute http:// or https:// URL");
        }
        if (MetricExportInterval <= TimeSpan.Zero || MetricExportInterval.TotalMilliseconds > int.MaxValue)
        {
            problems.Add($"the metric export interval must be more than zero and under 24 days, was {MetricExportInterval}");
        }
        if (ScheduleRetryDelay <= TimeSpan.Zero)
        {
            problems.Add($"the schedule retry delay must be more than zero, was {ScheduleRetryDelay}");
        }
        var urls = ListenAddresses.Parse(Urls, out var urlError);
        if (urlError is not null)
        {
            problems.Add(urlError);
        }
        else if (string.IsNullOrEmpty(Token) && urls.Any(static u => !u.IsLoopback))
        {
            problems.Add($"the server listens on a non-loopback address ({Urls}) but no API token is set: pass --token or set SLUICE_API_TOKEN");
        }
        return problems;
    }
}
