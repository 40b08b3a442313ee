using Microsoft.Extensions.Logging;

namespace Sluice.Server.Scheduling;

internal sealed partial class ScheduleHost
{
    private bool _following;

    /// <summary>True while this server runs the scheduler.</summary>
    public bool IsLeader => leadership.IsLeader;

    /// <summary>While not leading, tries to take scheduler leadership every <see cref="ServerOptions.LeadershipInterval"/>.</summary>
    private async Task CompeteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.LeadershipInterval, options.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            if (!leadership.IsLeader)
            {
                await TryLeadAsync(stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One attempt to lead. A new term, and later its end, re-applies the schedules (starts or stops the scheduler).</summary>
    private async Task TryLeadAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await leadership.TryAcquireAsync(stoppingToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _term);
                leadership.LeadershipToken.Register(static s => ((ScheduleHost)s!).OnTermEnded(), this);
                LogLeading(logger, leadership.Description);
                _changes.Writer.TryWrite(true);
            }
            else if (!_following)
            {
                _following = true;
                LogFollowing(logger, leadership.Description);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogLeadershipError(logger, ex.Message);
        }
    }

    private void OnTermEnded()
    {
        _following = false;
        LogNotLeading(logger);
        _changes.Writer.TryWrite(true);
    }

    private async Task ReleaseAsync()
    {
        try
        {
            await leadership.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lock goes with the session anyway.
            LogLeadershipError(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This server leads the scheduler ({Leadership})")]
    private static partial void LogLeading(ILogger logger, string leadership);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another server leads the scheduler; this one stands by ({Leadership})")]
    private static partial void LogFollowing(ILogger logger, string leadership);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This server no longer leads the scheduler; its schedules stop here")]
    private static partial void LogNotLeading(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler leadership: {Reason}")]
    private static partial void LogLeadershipError(ILogger logger, string reason);
}
