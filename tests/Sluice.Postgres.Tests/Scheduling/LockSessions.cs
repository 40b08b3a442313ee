using Npgsql;

namespace Sluice.Postgres.Tests.Scheduling;

/// <summary>Looks at and ends the sessions holding advisory locks in a test's database, as an operator (or a network cut) would.</summary>
internal static class LockSessions
{
    /// <summary>The backend pids holding a granted advisory lock in the database of <paramref name="connectionString"/>.</summary>
    public static async Task<IReadOnlyList<int>> HoldersAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY pid", conn);
        var pids = new List<int>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            pids.Add(r.GetInt32(0));
        }
        return pids;
    }

    /// <summary>Terminates the one session holding an advisory lock and returns its pid.</summary>
    public static async Task<int> TerminateHolderAsync(string connectionString)
    {
        var pid = (await HoldersAsync(connectionString)).ShouldHaveSingleItem();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_terminate_backend($1)", conn) { Parameters = { new NpgsqlParameter<int> { TypedValue = pid } } };
        (await cmd.ExecuteScalarAsync()).ShouldBe(true);
        return pid;
    }

    /// <summary>Polls <paramref name="condition"/> until true; fails after a generous deadline (a hang, not a slow run).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException("Timed out waiting until " + what + ".");
            }
            await Task.Delay(50);
        }
    }
}
