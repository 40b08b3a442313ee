using System.Globalization;

namespace Sluice.Retention;

/// <summary>Automatic retention: purges every <see cref="RetentionOptions.Interval"/> until cancelled (hosted by the server or a worker).</summary>
public sealed class RetentionService(RetentionPurger purger, RetentionOptions options, TimeProvider? time = null, Action<string>? log = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Purges now and then every interval; a failed pass is logged and retried at the next one.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purger);
        ArgumentNullException.ThrowIfNull(options);
        using var timer = new PeriodicTimer(options.Interval, _time);
        do
        {
            try
            {
                var c = await purger.PurgeAsync(dryRun: false, cancellationToken).ConfigureAwait(false);
                if (c.Runs + c.LogLines + c.Jobs + c.ArtifactFolders > 0)
                {
                    log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"retention: purged {c.Runs} run(s), {c.TaskInstances} task instance(s), {c.LogLines} log line(s), {c.Jobs} job(s), {c.ArtifactFolders} artifact folder(s)"));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log?.Invoke($"retention: purge failed ({ex.Message}); retrying at the next interval");
            }
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
