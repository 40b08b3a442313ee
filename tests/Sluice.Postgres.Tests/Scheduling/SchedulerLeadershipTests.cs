using System.Net;
using System.Net.Sockets;
using Npgsql;
using Sluice.Diagnostics;
using Sluice.Postgres.Scheduling;
using Sluice.Postgres.Tests.Testing;
using static Sluice.Postgres.Tests.Scheduling.LockSessions;

namespace Sluice.Postgres.Tests.Scheduling;

/// <summary>Leadership through a session-level advisory lock on a real PostgreSQL.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class SchedulerLeadershipTests(PostgresFixture server)
{
    private static SchedulerLeadership Create(string connectionString, long? key = null) => new(new SchedulerLeadershipOptions
    {
        ConnectionString = connectionString,
        LockKey = key ?? SchedulerLeadershipOptions.DefaultLockKey,
        KeepAliveInterval = TimeSpan.FromMilliseconds(200),
    });

    [Fact]
    public async Task TwoInstances_ExactlyOneLeads()
    {
        var db = await server.CreateDatabaseAsync();
        await using var a = Create(db);
        await using var b = Create(db);

        (await a.TryAcquireAsync()).ShouldBeTrue();
        (await b.TryAcquireAsync()).ShouldBeFalse();
        (await a.TryAcquireAsync()).ShouldBeTrue(); // already leading: still true, still one lock

        a.IsLeader.ShouldBeTrue();
        a.LeadershipToken.IsCancellationRequested.ShouldBeFalse();
        b.IsLeader.ShouldBeFalse();
        b.LeadershipToken.IsCancellationRequested.ShouldBeTrue();
        (await HoldersAsync(db)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task OtherLockKeyOrDatabase_IsAnIndependentGroup()
    {
        var db = await server.CreateDatabaseAsync();
        var otherDb = await server.CreateDatabaseAsync();
        await using var a = Create(db);
        await using var otherKey = Create(db, key: 7);
        await using var elsewhere = Create(otherDb);

        (await a.TryAcquireAsync()).ShouldBeTrue();
        (await otherKey.TryAcquireAsync()).ShouldBeTrue();
        (await elsewhere.TryAcquireAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Release_EndsTheTerm_AndLetsTheOtherAcquire()
    {
        var db = await server.CreateDatabaseAsync();
        await using var a = Create(db);
        await using var b = Create(db);
        (await a.TryAcquireAsync()).ShouldBeTrue();
        var term = a.LeadershipToken;

        await a.ReleaseAsync();

        term.IsCancellationRequested.ShouldBeTrue();
        a.IsLeader.ShouldBeFalse();
        (await b.TryAcquireAsync()).ShouldBeTrue();
        (await a.TryAcquireAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task LeaderSessionTerminated_LeaderNoticesLoss_AndTheOtherAcquires()
    {
        var db = await server.CreateDatabaseAsync();
        var log = new List<string>();
        await using var a = new SchedulerLeadership(new SchedulerLeadershipOptions
        {
            ConnectionString = db,
            KeepAliveInterval = TimeSpan.FromMilliseconds(200),
            Log = m => { lock (log) { log.Add(m); } },
        });
        await using var b = Create(db);
        (await a.TryAcquireAsync()).ShouldBeTrue();
        var term = a.LeadershipToken;
        (await b.TryAcquireAsync()).ShouldBeFalse();

        var killed = await TerminateHolderAsync(db);

        await EventuallyAsync(() => Task.FromResult(term.IsCancellationRequested), "the old leader notices its lock session is gone");
        a.IsLeader.ShouldBeFalse();
        await EventuallyAsync(() => b.TryAcquireAsync(), "the other instance acquires the freed lock");
        b.IsLeader.ShouldBeTrue();
        (await HoldersAsync(db)).ShouldHaveSingleItem().ShouldNotBe(killed);
        (await a.TryAcquireAsync()).ShouldBeFalse();
        lock (log)
        {
            log.ShouldContain(m => m.StartsWith("Scheduler leadership lost", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Dispose_ReleasesTheLock()
    {
        var db = await server.CreateDatabaseAsync();
        await using var b = Create(db);
        var a = Create(db);
        (await a.TryAcquireAsync()).ShouldBeTrue();
        await a.DisposeAsync();
        (await b.TryAcquireAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task TryAcquire_ServerUnreachable_ThrowsTransientSluiceException()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var cs = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "x", Timeout = 2 }.ConnectionString;
        await using var leadership = Create(cs);

        var ex = await Should.ThrowAsync<SluiceException>(() => leadership.TryAcquireAsync());
        ex.IsTransient.ShouldBeTrue();
        ex.Message.ShouldContain($"127.0.0.1:{port}");
        leadership.IsLeader.ShouldBeFalse();
    }
}
