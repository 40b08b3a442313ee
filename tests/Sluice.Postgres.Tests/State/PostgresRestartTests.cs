using System.Collections.Concurrent;
using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;

namespace Sluice.Postgres.Tests.State;

/// <summary>Fault tests: they restart the server, so they have one of their own.</summary>
[RequiresPostgres]
public sealed class PostgresRestartTests(PostgresFixture server) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Commit_ServerRestartsDuringSeries_ReconnectsAndLosesNothing()
    {
        var messages = new ConcurrentQueue<string>();
        await using var store = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = await server.CreateDatabaseAsync(), Log = messages.Enqueue });
        await store.InitializeAsync();
        await store.CreateRunAsync(Records.Run("r1"));

        using var tenCommitted = new SemaphoreSlim(0);
        var restartDone = 0;
        // Commits run back to back while the server goes down and comes back: some fail mid-flight,
        // some find it refusing or starting up; each must retry until it is durable.
        var writer = Task.Run(async () =>
        {
            var n = 0;
            while (n < 40 || Volatile.Read(ref restartDone) == 0 || n < 60)
            {
                var batch = new StateBatch();
                batch.Tasks.Add(Records.Task("r1", $"t{n:D4}"));
                batch.Logs.Add(Records.Log("r1", $"t{n:D4}", $"line {n}"));
                await store.CommitAsync(batch);
                if (++n == 10)
                {
                    tenCommitted.Release();
                }
            }
            return n;
        });
        (await tenCommitted.WaitAsync(TimeSpan.FromMinutes(1))).ShouldBeTrue();
        server.Restart();
        Volatile.Write(ref restartDone, 1);
        var total = await writer;

        var tasks = await store.GetTaskInstancesAsync("r1");
        tasks.Select(t => t.TaskId).ShouldBe(Enumerable.Range(0, total).Select(i => $"t{i:D4}"));
        var logs = await store.GetLogsAsync("r1");
        logs.Select(l => l.Text).ShouldBe(Enumerable.Range(0, total).Select(i => $"line {i}"));
        messages.ShouldContain(m => m.StartsWith("PostgreSQL connection lost, reconnecting (attempt 2)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reads_AfterServerRestart_ReconnectTransparently()
    {
        await using var store = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = await server.CreateDatabaseAsync() });
        await store.InitializeAsync();
        await store.CreateRunAsync(Records.Run("r1"));
        (await store.GetRunAsync("r1")).ShouldNotBeNull();

        server.Restart();

        (await store.GetRunAsync("r1")).ShouldNotBeNull();
        (await store.TryAcquireRunLeaseAsync("r1", "me", Records.T0, TimeSpan.FromMinutes(1))).ShouldBeTrue();
    }
}
