using Sluice.State;

namespace Sluice.Execution;

/// <summary>
/// Group commit: callers enqueue changes without waiting; one background loop commits everything
/// pending in a single transaction, then the next. Later snapshots of the same task instance or
/// attempt replace earlier ones within a batch. Order is kept: a change enqueued after another
/// is never durable without it.
/// </summary>
internal sealed class StateWriter : IAsyncDisposable
{
    private readonly IStateStore _store;

    public IStateStore Store => _store;
    private readonly object _gate = new();
    private readonly Dictionary<(string Task, int Map), TaskInstanceRecord> _tasks = [];
    private readonly Dictionary<(string Task, int Map, int Attempt), AttemptRecord> _attempts = [];
    private readonly List<LogRecord> _logs = [];
    private readonly List<Lineage.LineageRecord> _lineage = [];
    private readonly Dictionary<string, RunRecord> _runs = [];
    private readonly List<SourceMarkRecord> _marks = [];
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long Seq, TaskCompletionSource Done)> _waiters = [];
    private long _enqueued;
    private long _committed;
    private Exception? _fault;

    public StateWriter(IStateStore store)
    {
        _store = store;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The failure that stopped the writer, or null.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    public void Enqueue(TaskInstanceRecord record)
    {
        lock (_gate)
        {
            _tasks[(record.TaskId, record.MapIndex)] = record;
            Bump();
        }
    }

    /// <summary>A task row with the source marks its success earned: taken into the same batch, so both commit or neither.</summary>
    public void Enqueue(TaskInstanceRecord record, IReadOnlyList<SourceMarkRecord> marks)
    {
        lock (_gate)
        {
            _tasks[(record.TaskId, record.MapIndex)] = record;
            _marks.AddRange(marks);
            Bump();
        }
    }

    public void Enqueue(AttemptRecord record)
    {
        lock (_gate)
        {
            _attempts[(record.TaskId, record.MapIndex, record.Attempt)] = record;
            Bump();
        }
    }

    public void Enqueue(LogRecord record)
    {
        lock (_gate)
        {
            _logs.Add(record);
            Bump();
        }
    }

    public void Enqueue(IReadOnlyList<Lineage.LineageRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _lineage.AddRange(records);
            Bump();
        }
    }

    public void Enqueue(RunRecord record)
    {
        lock (_gate)
        {
            _runs[record.RunId] = record;
            Bump();
        }
    }

    private void Bump()
    {
        if (_enqueued++ == _committed)
        {
            _signal.Release();
        }
    }

    /// <summary>Completes when everything enqueued before the call is committed; throws if the writer failed.</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            if (_fault is not null)
            {
                return Task.FromException(_fault);
            }
            if (_committed >= _enqueued)
            {
                return Task.CompletedTask;
            }
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_enqueued, tcs));
            return tcs.Task;
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            StateBatch batch;
            long upTo;
            lock (_gate)
            {
                batch = TakeBatch();
                upTo = _enqueued;
            }
            try
            {
                await _store.CommitAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The failure is kept and rethrown to every caller of FlushAsync.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                lock (_gate)
                {
                    _fault = new SluiceStateException("Could not write run state to the store: " + ex.Message, ex);
                    foreach (var w in _waiters)
                    {
                        w.Done.TrySetException(_fault);
                    }
                    _waiters.Clear();
                }
                return;
            }
            lock (_gate)
            {
                _committed = upTo;
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Seq <= upTo)
                    {
                        _waiters[i].Done.TrySetResult();
                        _waiters.RemoveAt(i);
                    }
                }
                if (_enqueued > _committed)
                {
                    _signal.Release();
                }
            }
        }
    }

    private StateBatch TakeBatch()
    {
        var b = new StateBatch();
        b.Tasks.AddRange(_tasks.Values);
        b.Attempts.AddRange(_attempts.Values);
        b.Logs.AddRange(_logs);
        b.Runs.AddRange(_runs.Values);
        b.Lineage.AddRange(_lineage);
        _lineage.Clear();
        b.Marks.AddRange(_marks);
        _marks.Clear();
        _tasks.Clear();
        _attempts.Clear();
        _logs.Clear();
        _runs.Clear();
        return b;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
            _stop.Dispose();
            _signal.Dispose();
        }
    }
}
