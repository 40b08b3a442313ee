using Microsoft.Extensions.Logging;
using Sluice.Diagnostics;
using Sluice.Scheduling;
using Sluice.Scheduling.Backfill;
using Sluice.Scheduling.Storage;
using Sluice.Server.Catalog;
using Sluice.Server.Runs;
using Sluice.State;

namespace Sluice.Server.Operations;

/// <summary>
/// Backfills started from the UI or the API: one run per scheduled logical date in a range, with the same
/// deterministic ids and backfill record as <c>sluice backfill</c> (so starting the same range again resumes it), at
/// most <c>max_active</c> of them in flight; the runs go through the server's launcher and queue like any other.
/// </summary>
internal sealed partial class ServerBackfills(PipelineCatalog catalog, IRunLauncher launcher, RunCompletions completions, IStateStore state, IScheduleStore schedules,
    ServerOptions options, ILogger<ServerBackfills> logger) : IDisposable
{
    private static readonly IReadOnlyDictionary<string, object?> NoInputs = new Dictionary<string, object?>();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Plans the range and starts the backfill in the background; returns its id and date counts.</summary>
    /// <exception cref="SluiceException">Unknown pipeline, no schedule trigger, or a range that is empty or too long.</exception>
    public async Task<(string Id, int Dates, int Remaining)> StartAsync(string pipelineId, DateTimeOffset from, DateTimeOffset to, int maxActive, CancellationToken cancellationToken)
    {
        var definition = catalog.Find(pipelineId)?.Active?.Definition ?? throw new SluiceException($"no valid pipeline '{pipelineId}' is served");
        if (to < from)
        {
            throw new SluiceException("the end of the range is before its start");
        }
        if (maxActive < 1)
        {
            throw new SluiceException($"max_active must be at least 1, was {maxActive}");
        }
        var trigger = BackfillPlanner.FindTrigger(definition);
        var dates = BackfillPlanner.Plan(definition, from, to, trigger.TriggerIndex);
        var id = BackfillPlanner.IdFor(pipelineId, trigger.TriggerIndex, from, to);
        await schedules.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var record = await schedules.CreateOrResumeBackfillAsync(id, pipelineId, trigger.TriggerIndex, from, to, dates, options.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var remaining = record.Remaining;
        _ = RunAsync(id, pipelineId, remaining, maxActive);
        return (id, dates.Count, remaining.Count);
    }

    private async Task RunAsync(string id, string pipelineId, IReadOnlyList<DateTimeOffset> dates, int maxActive)
    {
        var token = _stop.Token;
        using var gate = new SemaphoreSlim(maxActive);
        var work = dates.Select(async date =>
        {
            await gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var runId = ScheduledFire.RunIdFor(pipelineId, date);
                var ended = completions.Watch(runId);
                var run = await launcher.LaunchAsync(new RunRequest(pipelineId, NoInputs, "backfill", date, runId), token).ConfigureAwait(false);
                if (!run.State.IsFinal())
                {
                    await ended.WaitAsync(token).ConfigureAwait(false);
                }
                else
                {
                    completions.Forget(runId);
                }
                if ((await state.GetRunAsync(runId, token).ConfigureAwait(false))?.State == RunState.Succeeded)
                {
                    await schedules.MarkBackfillDateDoneAsync(id, date, options.Time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                }
            }
            finally
            {
                gate.Release();
            }
        });
        try
        {
            await Task.WhenAll(work).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is SluiceException or InvalidOperationException)
        {
            LogBackfillStopped(logger, id, ex.Message);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill {BackfillId} stopped: {Reason}; start the same range again to resume it")]
    private static partial void LogBackfillStopped(ILogger logger, string backfillId, string reason);
}
