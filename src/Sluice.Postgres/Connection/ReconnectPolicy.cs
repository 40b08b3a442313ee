using System.Globalization;
using Npgsql;
using Sluice.Diagnostics;

namespace Sluice.Postgres.Connection;

/// <summary>
/// Runs a unit of work on a fresh pooled connection and, when it fails transiently, clears the pool
/// and tries again with exponential backoff until the reconnect budget is spent. The work must be
/// safe to repeat: it is given the attempt number so it can recognise a retry.
/// </summary>
internal sealed class ReconnectPolicy
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly ConnectionTarget _target;
    private readonly TimeSpan _budget;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;

    public ReconnectPolicy(NpgsqlDataSource dataSource, ConnectionTarget target, TimeSpan budget, TimeProvider time, Action<string>? log)
    {
        _dataSource = dataSource;
        _target = target;
        _budget = budget;
        _time = time;
        _log = log;
    }

    /// <summary>Runs <paramref name="work"/> (connection, state, attempt number, token) until it succeeds or fails for good.</summary>
    public async Task<TResult> ExecuteAsync<TState, TResult>(TState state, Func<NpgsqlConnection, TState, int, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var conn = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (conn.ConfigureAwait(false))
                {
                    var result = await work(conn, state, attempt, cancellationToken).ConfigureAwait(false);
                    if (attempt > 1)
                    {
                        _log?.Invoke($"PostgreSQL connection to {_target.Endpoint} restored after {attempt} attempts.");
                    }
                    return result;
                }
            }
            catch (Exception ex) when (PostgresErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                var elapsed = _time.GetElapsedTime(start);
                var delay = Delay(attempt);
                if (elapsed + delay > _budget)
                {
                    throw new SluiceException(
                        string.Create(CultureInfo.InvariantCulture, $"PostgreSQL at {_target} is unreachable: gave up after {attempt} attempts in {elapsed.TotalSeconds:0.#} s. Last error: {ex.Message}"),
                        isTransient: true, ex);
                }
                _log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"PostgreSQL connection lost, reconnecting (attempt {attempt + 1}) in {delay.TotalMilliseconds:0} ms: {ex.Message}"));
                // Idle pooled connections died with the server too; drop them instead of failing on each.
                _dataSource.Clear();
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static TimeSpan Delay(int attempt)
    {
        var ms = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxDelay.TotalMilliseconds));
    }
}
