using System.Globalization;
using Npgsql;

namespace Sluice.Postgres.Distributed;

/// <summary>
/// One <c>LISTEN sluice_work</c> connection per store, shared by every worker of the process: a notification
/// wakes all waiters at once (those waiting for work, or those waiting for cancel requests: payload <c>cancel</c>). Started by the first wait; it closes itself when nobody has waited for a while,
/// and after a lost connection it reconnects with backoff (waiters fall back to polling meanwhile).
/// </summary>
internal sealed class PostgresWorkListener
{
    private static readonly TimeSpan IdleClose = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly NpgsqlDataSource _dataSource;
    private readonly Action<string>? _log;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private TaskCompletionSource _signal = NewSignal();
    private TaskCompletionSource _cancelSignal = NewSignal();
    private Task? _loop;
    private long _lastWait;

    public PostgresWorkListener(NpgsqlDataSource dataSource, Action<string>? log, TimeProvider time)
    {
        _dataSource = dataSource;
        _log = log;
        _time = time;
    }

    /// <summary>Completes at the next notification of new work, or after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => WaitAsync(cancel: false, timeout, cancellationToken);

    /// <summary>Completes at the next notification that running items were told to stop, or after <paramref name="timeout"/>.</summary>
    public Task WaitForCancelAsync(TimeSpan timeout, CancellationToken cancellationToken) => WaitAsync(cancel: true, timeout, cancellationToken);

    private async Task WaitAsync(bool cancel, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            Volatile.Write(ref _lastWait, _time.GetTimestamp());
            if (_loop is null || _loop.IsCompleted)
            {
                _loop = Task.Run(ListenLoopAsync, CancellationToken.None);
            }
            signal = cancel ? _cancelSignal.Task : _signal.Task;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, _time, cts.Token);
        await Task.WhenAny(signal, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Signal(bool work = true, bool cancel = false)
    {
        TaskCompletionSource? fired = null;
        TaskCompletionSource? cancelled = null;
        lock (_gate)
        {
            if (work)
            {
                fired = _signal;
                _signal = NewSignal();
            }
            if (cancel)
            {
                cancelled = _cancelSignal;
                _cancelSignal = NewSignal();
            }
        }
        fired?.TrySetResult();
        cancelled?.TrySetResult();
    }

    private async Task ListenLoopAsync()
    {
        var failures = 0;
        while (_time.GetElapsedTime(Volatile.Read(ref _lastWait)) < IdleClose)
        {
            try
            {
                var conn = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
                await using (conn.ConfigureAwait(false))
                {
                    conn.Notification += (_, e) =>
                    {
                        var cancel = e.Payload == WorkSql.CancelPayload;
                        Signal(work: !cancel, cancel: cancel);
                    };
                    var listen = new NpgsqlCommand("LISTEN " + WorkSql.Channel, conn);
                    await using (listen.ConfigureAwait(false))
                    {
                        await listen.ExecuteNonQueryAsync().ConfigureAwait(false);
                    }
                    if (failures > 0)
                    {
                        _log?.Invoke("PostgreSQL notification connection restored; idle workers are woken by notifications again.");
                        failures = 0;
                    }
                    // Work queued or cancelled while nobody listened was missed: let waiters check now.
                    Signal(work: true, cancel: true);
                    while (_time.GetElapsedTime(Volatile.Read(ref _lastWait)) < IdleClose)
                    {
                        await conn.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures - 1, 10))));
                _log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"PostgreSQL notification connection lost ({ex.Message}); reconnecting in {delay.TotalMilliseconds:0} ms (attempt {failures + 1}); idle workers poll meanwhile"));
                await Task.Delay(delay, _time).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
