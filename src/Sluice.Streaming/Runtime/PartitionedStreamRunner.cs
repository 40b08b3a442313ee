using System.Globalization;
using Sluice.Actions;
using Sluice.DataActions.IO;
using Sluice.Streaming.Definition;
using Sluice.Streaming.Progress;

namespace Sluice.Streaming.Runtime;

/// <summary>
/// Runs a stream whose source is partitioned as one member of the task's lease group: every instance of the task (the
/// items of a <c>for_each</c>, each claimed by whichever <c>sluice worker</c> has room) leases a fair share of the
/// partitions through the store (<see cref="CheckpointStore.BalanceLeasesAsync"/>) and runs one
/// <see cref="StreamRunner"/> per partition it holds, checkpointed under the partition's own key, so whoever holds a
/// partition next resumes it from its last checkpoint. Leases are renewed every third of their duration; a member that
/// joins gets partitions the others release (after stopping them), and the partitions of a member that dies are taken
/// over when its leases expire. A member ends when every partition has its final checkpoint (bounded sources) or when
/// it is cancelled.
/// </summary>
internal sealed class PartitionedStreamRunner(StreamSpec spec, ActionContext context, CheckpointStore store, DatasetReader? reader)
{
    private readonly Dictionary<string, (CancellationTokenSource Stop, Task Run)> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private readonly string _member = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{context.TaskId}[{context.MapIndex}]/{Guid.NewGuid():N}");

    private IReadOnlyList<string> Partitions => spec.Source.Partitions!;

    private PartitionLeaseRequest Request() =>
        new(context.RunId, context.TaskId, -1, _member, Partitions, TimeSpan.FromMilliseconds(spec.Source.LeaseMillis), context.Time.GetUtcNow());

    /// <summary>Takes part until every partition is finished; returns the progress summed over all partitions.</summary>
    public async Task<StreamProgress> RunAsync(CancellationToken cancellationToken)
    {
        var heartbeat = TimeSpan.FromMilliseconds(spec.Source.LeaseMillis / 3.0);
        var lastTurn = context.Time.GetTimestamp();
        try
        {
            while (true)
            {
                await ReapAsync().ConfigureAwait(false);
                if (await AllFinishedAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                PartitionAssignment assignment;
                try
                {
                    assignment = await store.BalanceLeasesAsync(Request(), cancellationToken).ConfigureAwait(false);
                    lastTurn = context.Time.GetTimestamp();
                }
                catch (Exception ex) when (ex is not OperationCanceledException && context.Time.GetElapsedTime(lastTurn) < heartbeat * 2)
                {
                    // A turn can fail once (the store reconnecting); stop reading before the leases could expire unseen.
                    context.Log.Write("warn", $"partition leases not renewed: {ex.Message}");
                    await Task.Delay(heartbeat / 2, context.Time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var lost in _running.Keys.Where(p => !assignment.Held.Contains(p)).ToList())
                {
                    context.Log.Write("warn", $"partition {lost}: lease lost to another member; stopped reading it");
                    await StopAsync(lost).ConfigureAwait(false);
                }

                if (assignment.ToRelease.Count > 0)
                {
                    foreach (var p in assignment.ToRelease)
                    {
                        await StopAsync(p).ConfigureAwait(false);
                    }

                    await store.ReleaseLeasesAsync(Request(), assignment.ToRelease, cancellationToken).ConfigureAwait(false);
                    context.Log.Write("info", $"released partitions {string.Join(", ", assignment.ToRelease)} to the {assignment.LiveMembers} members now sharing them");
                }

                foreach (var p in assignment.Held.Except(assignment.ToRelease).Where(p => !_running.ContainsKey(p) && !_finished.Contains(p)))
                {
                    context.Log.Write("info", $"partition {p}: leased ({assignment.LiveMembers} members)");
                    var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    _running[p] = (stop, Task.Run(() => RunPartitionAsync(p, stop.Token), CancellationToken.None));
                }

                using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(heartbeat, context.Time, wake.Token);
                await Task.WhenAny(_running.Values.Select(r => r.Run).Append(delay)).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            foreach (var p in _running.Keys.ToList())
            {
                await StopAsync(p).ConfigureAwait(false);
            }

            try
            {
                // Hand the partitions on at once rather than after the lease expires.
                await store.ReleaseLeasesAsync(Request(), Partitions, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.Log.Write("warn", $"partition leases not released (they expire): {ex.Message}");
            }
        }

        return await TotalAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunPartitionAsync(string partition, CancellationToken cancellationToken)
    {
        var runner = new StreamRunner(spec.ForPartition(partition), context, store, reader, partition);
        await using (runner.ConfigureAwait(false))
        {
            await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Collects the partition runs that ended: finished ones are done; a failure fails this member (the task is retried).</summary>
    private async Task ReapAsync()
    {
        foreach (var (p, (stop, run)) in _running.Where(r => r.Value.Run.IsCompleted).ToList())
        {
            _running.Remove(p);
            stop.Dispose();
            await run.ConfigureAwait(false);
            _finished.Add(p);
        }
    }

    private async Task StopAsync(string partition)
    {
        if (!_running.Remove(partition, out var r))
        {
            return;
        }

        await r.Stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await r.Run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped between checkpoints: whoever takes the partition replays from its last one.
        }
        finally
        {
            r.Stop.Dispose();
        }
    }

    /// <summary>True when every partition has its final checkpoint, whichever member wrote it.</summary>
    private async Task<bool> AllFinishedAsync(CancellationToken cancellationToken)
    {
        foreach (var p in Partitions.Where(p => !_finished.Contains(p)))
        {
            if (await StreamProgressReader.ReadAsync(store, context.RunId, StreamRunner.CheckpointKey(context.TaskId, p), -1, cancellationToken).ConfigureAwait(false) is not { Finished: true })
            {
                return false;
            }

            _finished.Add(p);
        }

        return true;
    }

    private async Task<StreamProgress> TotalAsync(CancellationToken cancellationToken)
    {
        var (eventsIn, eventsOut, late, rejected, checkpoints) = (0L, 0L, 0L, 0L, 0L);
        long? watermark = null;
        foreach (var p in Partitions)
        {
            if (await StreamProgressReader.ReadAsync(store, context.RunId, StreamRunner.CheckpointKey(context.TaskId, p), -1, cancellationToken).ConfigureAwait(false) is { } s)
            {
                (eventsIn, eventsOut, late, rejected, checkpoints) = (eventsIn + s.EventsIn, eventsOut + s.EventsOut, late + s.LateEvents, rejected + s.Rejected, checkpoints + s.Checkpoint);
                var w = s.Watermark is { } t ? (t == DateTimeOffset.MaxValue ? long.MaxValue : t.ToUnixTimeMilliseconds()) : (long?)null;
                watermark = watermark is null ? w : w is null ? watermark : Math.Min(watermark.Value, w.Value);
            }
        }

        return new StreamProgress(eventsIn, eventsOut, late, rejected, watermark, checkpoints, 0);
    }
}
