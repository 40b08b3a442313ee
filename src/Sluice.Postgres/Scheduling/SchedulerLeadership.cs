using System.Globalization;
using Npgsql;
using Sluice.Diagnostics;
using Sluice.Postgres.Connection;
using Sluice.Scheduling.Leadership;

namespace Sluice.Postgres.Scheduling;

/// <summary>
/// Scheduler leadership through a PostgreSQL session-level advisory lock (<c>pg_try_advisory_lock</c>) held
/// on a dedicated, unpooled connection: the process whose session holds the lock leads. When that process
/// dies or its connection breaks, the server ends the session and frees the lock, and another process's
/// next <see cref="TryAcquireAsync"/> succeeds.
/// </summary>
/// <remarks>
/// The leader checks its connection every <see cref="SchedulerLeadershipOptions.KeepAliveInterval"/>; when the
/// check fails the lock must be presumed gone (the session is), so the term ends: <see cref="LeadershipToken"/>
/// is cancelled. Between the loss and that check a stale leader may still fire; see
/// <see cref="ISchedulerLeadership"/> for why that is safe.
/// </remarks>
public sealed class SchedulerLeadership : ISchedulerLeadership
{
    private static readonly CancellationToken Ended = new(canceled: true);
    private readonly SchedulerLeadershipOptions _options;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Term? _term;

    /// <summary>Creates the leadership object; nothing connects until <see cref="TryAcquireAsync"/>.</summary>
    /// <exception cref="SluiceException">The connection string is malformed or has no host.</exception>
    public SchedulerLeadership(SchedulerLeadershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.KeepAliveInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.KeepAliveInterval, "KeepAliveInterval must be positive.");
        }
        _options = options;
        var target = ConnectionTarget.Parse(options.ConnectionString, options.ConnectTimeout);
        // Unpooled: closing the connection must end the session, which is what releases a session-level lock.
        target.Builder.Pooling = false;
        target.Builder.CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.KeepAliveInterval.TotalSeconds));
        _connectionString = target.Builder.ConnectionString;
        Description = string.Create(CultureInfo.InvariantCulture, $"PostgreSQL advisory lock {options.LockKey} on {target}");
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public bool IsLeader => Volatile.Read(ref _term) is { } t && !t.Ended.IsCancellationRequested;

    /// <inheritdoc />
    public CancellationToken LeadershipToken => Volatile.Read(ref _term)?.Ended.Token ?? Ended;

    /// <inheritdoc />
    /// <exception cref="SluiceException">PostgreSQL cannot be reached (transient).</exception>
    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_term is { } current)
            {
                if (!current.Ended.IsCancellationRequested)
                {
                    return true;
                }
                // A term found lost: its connection is broken; close it before opening the next.
                Volatile.Write(ref _term, null);
                await current.KeepAlive!.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await current.Connection.DisposeAsync().ConfigureAwait(false);
            }
            var conn = new NpgsqlConnection(_connectionString);
            try
            {
                await conn.OpenAsync(cancellationToken).ConfigureAwait(false);
                var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", conn) { Parameters = { new NpgsqlParameter<long> { TypedValue = _options.LockKey } } };
                await using (cmd.ConfigureAwait(false))
                {
                    if (await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                    {
                        await conn.DisposeAsync().ConfigureAwait(false);
                        return false;
                    }
                }
            }
            catch (Exception ex)
            {
                await conn.DisposeAsync().ConfigureAwait(false);
                if (ex is NpgsqlException or TimeoutException)
                {
                    throw new SluiceException($"Cannot reach PostgreSQL for the scheduler lock ({Description}): {ex.Message}", PostgresErrors.IsTransient(ex), ex);
                }
                throw;
            }
            var term = new Term(conn);
            term.KeepAlive = Task.Run(() => KeepAliveAsync(term), CancellationToken.None);
            Volatile.Write(ref _term, term);
            _options.Log?.Invoke($"Scheduler leadership acquired ({Description}).");
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        Term? term;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            term = Interlocked.Exchange(ref _term, null);
        }
        finally
        {
            _gate.Release();
        }
        if (term is null)
        {
            return;
        }
        var wasLeading = !term.Ended.IsCancellationRequested;
        await term.Ended.CancelAsync().ConfigureAwait(false);
        await term.KeepAlive!.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (wasLeading)
        {
            try
            {
                var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", term.Connection) { Parameters = { new NpgsqlParameter<long> { TypedValue = _options.LockKey } } };
                await using (cmd.ConfigureAwait(false))
                {
                    await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The session is going away below either way, and the lock with it.
            }
            _options.Log?.Invoke($"Scheduler leadership released ({Description}).");
        }
        await term.Connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task KeepAliveAsync(Term term)
    {
        var token = term.Ended.Token;
        try
        {
            while (true)
            {
                await Task.Delay(_options.KeepAliveInterval, _options.TimeProvider, token).ConfigureAwait(false);
                var cmd = new NpgsqlCommand("SELECT 1", term.Connection);
                await using (cmd.ConfigureAwait(false))
                {
                    await cmd.ExecuteScalarAsync(token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Released.
        }
        catch (Exception ex)
        {
            // The session that held the lock is gone (terminated, server restarted, network cut): so is the lock.
            _options.Log?.Invoke($"Scheduler leadership lost ({Description}): {ex.Message}");
            await term.Ended.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One period of leadership: the lock's connection and the token that ends with it.</summary>
    private sealed class Term(NpgsqlConnection connection)
    {
        public NpgsqlConnection Connection { get; } = connection;

        public CancellationTokenSource Ended { get; } = new();

        public Task? KeepAlive { get; set; }
    }
}
