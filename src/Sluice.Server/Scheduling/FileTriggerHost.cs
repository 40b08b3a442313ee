using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Scheduling.Storage;
using Sluice.Server.Catalog;
using Sluice.Server.Metrics;
using Sluice.Server.Runs;
using Sluice.Sqlite.Scheduling;

namespace Sluice.Server.Scheduling;

/// <summary>
/// Runs the <c>type: file</c> triggers: polls each trigger's glob every <see cref="ServerOptions.FilePollInterval"/>,
/// and starts one run per new or changed file once it has settled. Fired file states are recorded in
/// the <see cref="SqliteFileTriggerStore"/> before the run is created, so a restart neither repeats nor loses one.
/// </summary>
/// <remarks>
/// Polling rather than file-system events: events are lost on network shares and during bursts, while a
/// poll sees the folder as it is; the settle time needs a clock anyway.
/// </remarks>
internal sealed partial class FileTriggerHost(
    PipelineCatalog catalog, IRunLauncher launcher, SqliteFileTriggerStore store, ServerMetrics metrics, ServerOptions options, ILogger<FileTriggerHost> logger) : BackgroundService
{
    private readonly List<FileFire> _retry = [];
    private Dictionary<string, FileTriggerWatch> _watches = new(StringComparer.Ordinal);
    private TaskCompletionSource _polled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _dirty = 1;
    private long _polls;

    /// <summary>Polls completed since start.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>The file triggers watched now.</summary>
    public IReadOnlyCollection<FileTriggerWatch> Watches => Volatile.Read(ref _watches).Values;

    /// <summary>For tests: completes after the next poll that starts after this call (and its timer is armed).</summary>
    internal async Task WaitForPollAsync(long after, CancellationToken cancellationToken = default)
    {
        while (Polls <= after)
        {
            await Volatile.Read(ref _polled).Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        catalog.Changed += OnCatalogChanged;
        try
        {
            await store.InitializeAsync(stoppingToken).ConfigureAwait(false);
            _retry.AddRange(await store.PendingAsync(stoppingToken).ConfigureAwait(false));
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PollAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPollFailed(logger, ex);
                }
                // The delay's timer is armed before the poll is announced, so a test that moves a fake clock
                // after the announcement always wakes the next poll.
                var delay = Task.Delay(options.FilePollInterval, options.Time, stoppingToken);
                Interlocked.Increment(ref _polls);
                Interlocked.Exchange(ref _polled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                await delay.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            catalog.Changed -= OnCatalogChanged;
            _polled.TrySetResult();
        }
    }

    private void OnCatalogChanged(object? sender, EventArgs e) => Interlocked.Exchange(ref _dirty, 1);

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 1)
        {
            await RebuildAsync(cancellationToken).ConfigureAwait(false);
        }
        var pending = _retry.ToList();
        _retry.Clear();
        foreach (var fire in pending)
        {
            await DeliverAsync(fire, record: false, cancellationToken).ConfigureAwait(false);
        }
        var now = options.Time.GetUtcNow();
        foreach (var watch in Watches)
        {
            foreach (var fire in watch.Poll(now))
            {
                await DeliverAsync(fire, record: true, cancellationToken).ConfigureAwait(false);
                watch.Fired(fire);
            }
        }
    }

    /// <summary>Keeps the watches whose settings did not change (with their settle state) and loads new ones from the store.</summary>
    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var old = Volatile.Read(ref _watches);
        var next = new Dictionary<string, FileTriggerWatch>(StringComparer.Ordinal);
        foreach (var entry in catalog.All)
        {
            if (entry.Active?.Definition is not { } definition)
            {
                continue;
            }
            for (var i = 0; i < definition.Triggers.Count; i++)
            {
                if (definition.Triggers[i].Type != "file")
                {
                    continue;
                }
                var watch = new FileTriggerWatch(definition.Id, i, definition.Triggers[i], catalog.Directory);
                if (old.TryGetValue(watch.Key, out var kept))
                {
                    next[kept.Key] = kept;
                    continue;
                }
                watch.Load(await store.LoadAsync(definition.Id, i, cancellationToken).ConfigureAwait(false));
                next[watch.Key] = watch;
                var glob = watch.BaseDirectory + "/" + watch.Pattern;
                LogWatching(logger, definition.Id, i, glob, watch.Settle);
            }
        }
        Volatile.Write(ref _watches, next);
    }

    private async Task DeliverAsync(FileFire fire, bool record, CancellationToken cancellationToken)
    {
        if (record)
        {
            await store.RecordAsync(fire, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (catalog.Find(fire.PipelineId)?.Active is { } active
                && (active.Definition.Inputs.Any(static i => i.Name == "file") || ReadsFileInput().IsMatch(active.Version.SourceText)))
            {
                inputs["file"] = fire.Path;
            }
            var logicalDate = new DateTimeOffset(fire.ModifiedTicks, TimeSpan.Zero);
            var run = await launcher.LaunchAsync(new RunRequest(fire.PipelineId, inputs, "file", logicalDate, fire.RunId), cancellationToken).ConfigureAwait(false);
            metrics.TriggerFired(fire.PipelineId, "file");
            LogFired(logger, fire.PipelineId, run.RunId, fire.Path);
        }
        catch (RunLaunchException ex) when (ex.Failure == RunLaunchFailure.InvalidInputs)
        {
            LogRejected(logger, fire.RunId, fire.Path, ex.Message);
        }
        catch (RunLaunchException ex)
        {
            // The pipeline is being edited or removed: try again at the next poll.
            LogRetry(logger, fire.RunId, ex.Message);
            _retry.Add(fire);
            return;
        }
        await store.CompleteAsync(fire, cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex(@"inputs\s*(\.\s*file\b|\[\s*['""]file['""]\s*\])", RegexOptions.CultureInvariant)]
    private static partial Regex ReadsFileInput();

    [LoggerMessage(Level = LogLevel.Information, Message = "File trigger {TriggerIndex} of {Pipeline} watches {Glob} (settle {Settle})")]
    private static partial void LogWatching(ILogger logger, string pipeline, int triggerIndex, string glob, TimeSpan settle);

    [LoggerMessage(Level = LogLevel.Information, Message = "File {Path} started run {RunId} of {Pipeline}")]
    private static partial void LogFired(ILogger logger, string pipeline, string runId, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "File {Path} did not start run {RunId}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string runId, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} could not be created yet ({Reason}); retrying at the next poll")]
    private static partial void LogRetry(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling file triggers failed")]
    private static partial void LogPollFailed(ILogger logger, Exception ex);
}
