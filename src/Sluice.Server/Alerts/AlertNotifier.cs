using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Actions;

namespace Sluice.Server.Alerts;

/// <summary>
/// Posts alerts as JSON to every URL of <see cref="ServerOptions.AlertWebhooks"/>, in the background.
/// Raising never blocks: each receiver has its own bounded queue, which drops its oldest entry when full (counted in
/// <see cref="Dropped"/>), and its own delivery loop, so receivers are served in parallel and one that fails or hangs
/// delays only its own deliveries. Each delivery is retried with exponential backoff up to
/// <see cref="AlertDeliveryOptions.MaxAttempts"/> times; a receiver that hangs costs at most the request
/// timeout per attempt and never delays a run or another receiver.
/// </summary>
/// <remarks>
/// It is also the host's <see cref="IQualityGateObserver"/>: hand it to actions through their services
/// (<see cref="ServerOptions"/> runs do; a <c>sluice worker</c> does with <c>--alert-webhook</c>), and a gate that
/// warns raises a <see cref="AlertKind.QualityGate"/> alert.
/// </remarks>
public sealed partial class AlertNotifier : BackgroundService, IQualityGateObserver, IStreamAlertObserver
{
    private readonly IReadOnlyList<(Uri Target, Channel<Alert> Queue)> _receivers;
    private readonly AlertDeliveryOptions _delivery;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private long _raised;
    private long _sent;
    private long _failed;
    private long _dropped;

    internal AlertNotifier(ServerOptions options, ILogger<AlertNotifier> logger)
        : this(options.AlertWebhooks, options.AlertDelivery, options.Time, logger)
    {
    }

    /// <summary>
    /// Creates a notifier outside the server (a worker process). Start it with <see cref="BackgroundService.StartAsync"/>
    /// before raising alerts, and stop it with <see cref="BackgroundService.StopAsync"/>.
    /// </summary>
    /// <param name="webhooks">Absolute http:// or https:// URLs; none disables alerts.</param>
    /// <param name="delivery">Retries, timeouts and queue size.</param>
    /// <param name="time">The clock for timestamps and retry delays.</param>
    /// <param name="logger">Receives deliveries given up.</param>
    /// <exception cref="ArgumentException">A webhook is not an absolute http(s) URL, or <paramref name="delivery"/> is invalid.</exception>
    public AlertNotifier(IReadOnlyList<string> webhooks, AlertDeliveryOptions delivery, TimeProvider time, ILogger<AlertNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        ArgumentNullException.ThrowIfNull(delivery);
        var problems = webhooks.Where(static h => !IsWebhook(h)).Select(static h => $"the alert webhook '{h}' is not an absolute http:// or https:// URL").Concat(delivery.Validate()).ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(webhooks));
        }
        _delivery = delivery;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        // The per-attempt timeout comes from our own token (on the injected clock), not HttpClient.Timeout.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _receivers = [.. webhooks.Select(u => (new Uri(u, UriKind.Absolute), Channel.CreateBounded<Alert>(
            new BoundedChannelOptions(_delivery.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped))))];
    }

    /// <summary>True when at least one webhook is configured.</summary>
    public bool IsEnabled => _receivers.Count > 0;

    /// <summary>Alerts raised since start (none are counted when no webhook is configured).</summary>
    public long Raised => Interlocked.Read(ref _raised);

    /// <summary>Deliveries that a webhook accepted (one per alert and webhook).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Deliveries given up after every attempt failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Deliveries dropped unsent because their receiver's queue was full (one per alert and receiver).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="alert"/> for delivery; returns at once. False when no webhook is configured.</summary>
    public bool Raise(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (_receivers.Count == 0)
        {
            return false;
        }
        Interlocked.Increment(ref _raised);
        foreach (var (_, queue) in _receivers)
        {
            queue.Writer.TryWrite(alert);
        }
        return true;
    }

    /// <summary>
    /// Raises a <see cref="AlertKind.QualityGate"/> alert: the hook for data-quality actions whose gate warns
    /// (as opposed to failing the task, which already raises <see cref="AlertKind.RunFailed"/>).
    /// </summary>
    /// <param name="pipelineId">The pipeline.</param>
    /// <param name="runId">The run.</param>
    /// <param name="taskId">The quality task.</param>
    /// <param name="message">What the gate found, for humans; must not contain data values that are secret.</param>
    /// <param name="fields">Structured details such as the check, the measured value and the threshold; may be null.</param>
    /// <returns>False when no webhook is configured.</returns>
    public bool RaiseQualityGate(string pipelineId, string runId, string taskId, string message, IReadOnlyDictionary<string, string>? fields = null) =>
        Raise(new Alert(AlertKind.QualityGate, pipelineId, runId, taskId, message, _time.GetUtcNow()) { Fields = fields ?? new Dictionary<string, string>() });

    /// <summary>Raises a <see cref="AlertKind.QualityGate"/> alert for a gate that warned (<see cref="RaiseQualityGate"/>).</summary>
    public void GateWarned(QualityGateWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        RaiseQualityGate(warning.PipelineId, warning.RunId, warning.TaskId, warning.Message, warning.Fields());
    }

    /// <summary>Raises a <see cref="AlertKind.StreamAnomaly"/> alert for what a streaming task flagged.</summary>
    public void StreamAlerted(StreamAlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Raise(new Alert(AlertKind.StreamAnomaly, alert.PipelineId, alert.RunId, alert.TaskId, alert.Message, _time.GetUtcNow())
        {
            Fields = new Dictionary<string, string> { ["stream_kind"] = alert.Kind },
        });
    }

    /// <summary>True when <paramref name="hook"/> is an absolute http:// or https:// URL.</summary>
    internal static bool IsWebhook(string hook) =>
        Uri.TryCreate(hook, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_receivers.Select(r => PumpAsync(r.Target, r.Queue.Reader, stoppingToken)));

    /// <summary>One receiver's loop: its alerts in order, each retried before the next.</summary>
    private async Task PumpAsync(Uri target, ChannelReader<Alert> queue, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var alert in queue.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await DeliverAsync(target, AlertPayload.Serialize(alert, _delivery.PublicUrl), alert, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(Uri target, byte[] body, Alert alert, CancellationToken stoppingToken)
    {
        var delay = _delivery.RetryDelay;
        string? why = null;
        for (var attempt = 1; attempt <= _delivery.MaxAttempts; attempt++)
        {
            using var timeout = new CancellationTokenSource(_delivery.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stoppingToken);
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                using var response = await _http.PostAsync(target, content, linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _sent);
                    return;
                }
                why = $"HTTP {(int)response.StatusCode}";
                if (!IsRetryable(response.StatusCode))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                why = $"no answer within {_delivery.Timeout.TotalSeconds:0.###} s";
            }
            catch (HttpRequestException ex)
            {
                why = ex.HttpRequestError.ToString();
            }
            if (attempt < _delivery.MaxAttempts)
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                delay = delay * 2 < _delivery.MaxRetryDelay ? delay * 2 : _delivery.MaxRetryDelay;
            }
        }
        Interlocked.Increment(ref _failed);
        // The host only: webhook URLs often carry a token in their path.
        LogGaveUp(_logger, AlertPayload.KindName(alert.Kind), alert.RunId, target.Host, why ?? "unknown");
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <inheritdoc />
    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Kind} of run {RunId} was not delivered to {Host}: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string kind, string runId, string host, string reason);
}
