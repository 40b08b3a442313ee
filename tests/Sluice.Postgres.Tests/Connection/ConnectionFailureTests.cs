using System.Net;
using System.Net.Sockets;
using Sluice.Diagnostics;
using Sluice.Postgres.State;

namespace Sluice.Postgres.Tests.Connection;

/// <summary>Failures that need no server: they run everywhere.</summary>
public sealed class ConnectionFailureTests
{
    [Fact]
    public async Task Initialize_UnusedPort_FailsWithMessageNamingHostAndPort()
    {
        var port = UnusedPort();
        await using var store = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = $"Host=127.0.0.1;Port={port};Database=sluice;Username=sluice" });
        // A guard, not a timing assertion: hanging until this fires would surface as a cancellation, not a SluiceException.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var ex = await Should.ThrowAsync<SluiceException>(() => store.InitializeAsync(guard.Token));

        ex.Message.ShouldContain($"127.0.0.1:{port}");
        ex.Message.ShouldContain("database sluice".Replace("database ", "/", StringComparison.Ordinal));
        ex.Message.ShouldContain("Check the connection string");
        ex.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public void Create_MalformedConnectionString_ThrowsWithoutEchoingThePassword()
    {
        var ex = Should.Throw<SluiceException>(() => new PostgresStateStore(new PostgresStoreOptions { ConnectionString = "Host=db;Password=hunter2;Colour=blue" }));
        ex.Message.ShouldContain("Invalid PostgreSQL connection string");
        ex.Message.ShouldNotContain("hunter2");
    }

    [Fact]
    public void Create_ConnectionStringWithoutHost_Throws()
    {
        Should.Throw<SluiceException>(() => new PostgresStateStore(new PostgresStoreOptions { ConnectionString = "Database=sluice" }))
            .Message.ShouldContain("no Host");
    }

    [Fact]
    public async Task Operations_BeforeInitialize_Throw()
    {
        await using var store = new PostgresStateStore(new PostgresStoreOptions { ConnectionString = "Host=127.0.0.1" });
        await Should.ThrowAsync<InvalidOperationException>(() => store.GetRunAsync("r1"));
    }

    private static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
