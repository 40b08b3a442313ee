namespace Sluice.Scheduling;

public sealed partial class Scheduler
{
    /// <summary>Records completed callbacks, dispatches everything due, and arms the timer for what comes next.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        await ProcessCompletionsAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        DateTimeOffset? wake = null;
        foreach (var state in _triggers)
        {
            wake = Earliest(wake, await AdvanceAsync(state, now, cancellationToken).ConfigureAwait(false));
        }
        lock (_gate)
        {
            _nextDueAt = wake;
        }
        Arm(wake);
    }

    /// <summary>Dispatches the trigger's due fires in logical order; returns when it next needs the clock, or null.</summary>
    private async Task<DateTimeOffset?> AdvanceAsync(TriggerState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset? wake = null;
        for (var i = 0; i < state.Redeliveries.Count;)
        {
            var (fire, notBefore) = state.Redeliveries[i];
            if (notBefore > now)
            {
                wake = Earliest(wake, notBefore);
                i++;
                continue;
            }
            if (!state.HasSlot)
            {
                return wake; // a completing callback wakes the pump
            }
            state.Redeliveries.RemoveAt(i);
            await _store.RecordRedeliveryAsync(fire, cancellationToken).ConfigureAwait(false);
            Deliver(state, fire);
        }

        var trigger = state.Trigger;
        var schedule = trigger.Schedule;
        if (!trigger.CatchUp)
        {
            if (schedule.GetNextOccurrence(state.Cursor) is { } first && first <= now)
            {
                // Only the most recent missed date fires.
                var latest = first;
                var skipped = 0L;
                while (schedule.GetNextOccurrence(latest) is { } later && later <= now)
                {
                    (latest, skipped) = (later, skipped + 1);
                }
                lock (_gate)
                {
                    _skipped += skipped;
                }
                await FireAsync(state, new ScheduledFire(trigger.PipelineId, trigger.TriggerIndex, latest, IsCatchUp: false), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            while (schedule.GetNextOccurrence(state.Cursor) is { } next && next <= now)
            {
                var isCatchUp = schedule.GetNextOccurrence(next) is { } following && following <= now;
                if (!state.HasSlot)
                {
                    return wake;
                }
                await FireAsync(state, new ScheduledFire(trigger.PipelineId, trigger.TriggerIndex, next, isCatchUp), cancellationToken).ConfigureAwait(false);
            }
        }
        return Earliest(wake, schedule.GetNextOccurrence(state.Cursor));
    }

    private async Task FireAsync(TriggerState state, ScheduledFire fire, CancellationToken cancellationToken)
    {
        // Durable first: once recorded the fire is delivered (again after a crash) until its callback completes.
        var recorded = await _store.RecordFireAsync(fire, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        state.Cursor = fire.LogicalDate;
        if (recorded)
        {
            Deliver(state, fire);
        }
    }

    private void Deliver(TriggerState state, ScheduledFire fire)
    {
        var lag = _time.GetUtcNow() - fire.LogicalDate;
        lag = lag > TimeSpan.Zero ? lag : TimeSpan.Zero;
        lock (_gate)
        {
            _lastLag = lag;
            _maxLag = lag > _maxLag ? lag : _maxLag;
            _dispatched++;
            _catchUpDispatched += fire.IsCatchUp ? 1 : 0;
            _redelivered += fire.Attempt > 1 ? 1 : 0;
        }
        Task task;
        try
        {
            task = _callback(fire, _stop.Token) ?? Task.CompletedTask;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            task = Task.FromCanceled(_stop.Token);
        }
        catch (Exception e)
        {
            // A callback that throws before returning its task is treated like one whose task faults.
            task = Task.FromException(e);
        }
        state.Outstanding++;
        lock (_gate)
        {
            _outstanding.Add(new Delivery(state, fire, task));
        }
        _ = task.ContinueWith(static (_, s) => ((Scheduler)s!).Wake(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ProcessCompletionsAsync(CancellationToken cancellationToken)
    {
        List<Delivery> completed;
        lock (_gate)
        {
            completed = _outstanding.FindAll(static d => d.Task.IsCompleted);
            foreach (var delivery in completed)
            {
                _outstanding.Remove(delivery);
            }
        }
        foreach (var (state, fire, task) in completed)
        {
            state.Outstanding--;
            if (task.IsCompletedSuccessfully)
            {
                await _store.CompleteFireAsync(fire, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            else if (!(task.IsCanceled && _stop.IsCancellationRequested))
            {
                // Cancelled by our own stop: stays pending for the next start. Anything else is a failure.
                var error = task.Exception?.GetBaseException() ?? new OperationCanceledException("The callback was cancelled.");
                lock (_gate)
                {
                    _failed++;
                }
                _options.OnError?.Invoke(error);
                await _store.RecordFailureAsync(fire, error.Message, cancellationToken).ConfigureAwait(false);
                state.AddRedelivery(fire with { Attempt = fire.Attempt + 1 }, _time.GetUtcNow() + _options.RetryDelay);
            }
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
