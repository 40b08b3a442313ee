using Microsoft.Extensions.Logging;
using Sluice.Actions;
using Sluice.Distributed;
using Sluice.Server.Catalog;
using Sluice.State;
using Sluice.Stores;

namespace Sluice.Server.Runs;

/// <summary>
/// Starts runs for <c>sluice worker</c> processes instead of executing them here (<c>sluice serve --no-execute</c>):
/// the run and its ready root tasks go to the store's work queue, and workers move it to its end.
/// </summary>
/// <remarks>
/// Idempotent for a given <see cref="RunRequest.RunId"/>, like the local launcher: a scheduled fire delivered
/// twice, or by two servers during a failover, starts one run. When someone waits for the run to end
/// (<see cref="RunCompletions"/>, as catch-up schedules do) the launcher follows it in the store.
/// </remarks>
internal sealed partial class DistributedRunLauncher : IRunLauncher, IDisposable
{
    private static readonly TimeSpan FollowStep = TimeSpan.FromSeconds(30);
    private readonly PipelineCatalog _catalog;
    private readonly RunCompletions _completions;
    private readonly DistributedRuns _runs;
    private readonly ILogger<DistributedRunLauncher> _logger;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    public DistributedRunLauncher(SluiceStore store, PipelineCatalog catalog, RunCompletions completions, ActionRegistry actions, ServerOptions options, ILogger<DistributedRunLauncher> logger)
    {
        _catalog = catalog;
        _completions = completions;
        _logger = logger;
        _runs = new DistributedRuns(store, new WorkerOptions { Actions = actions, Time = options.Time });
    }

    /// <inheritdoc />
    public async Task<RunRecord> LaunchAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (active, inputs) = RunRequestBinder.Bind(_catalog, request);
        var run = await _runs.StartAsync(active.Definition, active.Version, inputs, request.Trigger, request.LogicalDate, request.RunId, cancellationToken).ConfigureAwait(false);
        if (run.State.IsFinal())
        {
            _completions.Ended(run.RunId);
        }
        else if (_completions.IsWatched(run.RunId))
        {
            _ = FollowAsync(run.RunId, _stop.Token);
        }
        return run;
    }

    private async Task FollowAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            while (!(await _runs.WaitAsync(runId, FollowStep, cancellationToken).ConfigureAwait(false)).State.IsFinal())
            {
            }
            _completions.Ended(runId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The watcher (a catch-up schedule) is released so it does not wait forever; the fire counts as delivered.
            LogFollowFailed(_logger, runId, ex.Message);
            _completions.Ended(runId);
        }
    }

    /// <inheritdoc />
    /// <remarks>Idempotent: the container disposes the launcher once per registration it is resolved through.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost track of distributed run {RunId}: {Reason}")]
    private static partial void LogFollowFailed(ILogger logger, string runId, string reason);
}
