using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Sluice.Postgres.Tests.Testing;

/// <summary>
/// A real, throwaway PostgreSQL server: <c>initdb</c> into a fresh temp folder, started with <c>pg_ctl</c>
/// on a free port of 127.0.0.1 (fsync off: durability across OS crashes is not under test), stopped with
/// <c>-m immediate</c> and deleted on dispose. Each test gets its own database from <see cref="CreateDatabaseAsync"/>.
/// When the tests run as root the server runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private readonly string _root;
    private readonly string _dataDir;
    private readonly string _logFile;
    private NpgsqlDataSource? _admin;
    private int _databases;
    private bool _running;

    public PostgresFixture()
    {
        if (PostgresBinaries.Problem is { } problem)
        {
            throw new InvalidOperationException("Cannot start PostgreSQL for the tests: " + problem + ".");
        }
        BinDirectory = PostgresBinaries.BinDirectory!;
        _root = Path.Combine(Path.GetTempPath(), "sluice-pg-" + Guid.NewGuid().ToString("N")[..10]);
        _dataDir = Path.Combine(_root, "data");
        _logFile = Path.Combine(_root, "server.log");
    }

    /// <summary>The folder of the server programs in use.</summary>
    public string BinDirectory { get; }

    /// <summary>The TCP port the server listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>A connection string for database <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        if (PostgresBinaries.RunAsPostgresUser)
        {
            ProcessRunner.Run("chown", ["postgres:postgres", _root], asPostgres: false, CommandTimeout);
        }
        PgCtl("initdb", "-D", _dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        Start();
        _admin = NpgsqlDataSource.Create(ConnectionString("postgres"));
        return Task.CompletedTask;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture);
        await using var cmd = _admin!.CreateCommand($"CREATE DATABASE {name}");
        await cmd.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>
    /// Restarts the server (<c>pg_ctl restart</c>, fast mode: clients are disconnected with
    /// "terminating connection due to administrator command"), waiting until it accepts connections again.
    /// </summary>
    public void Restart()
    {
        PgCtl("pg_ctl", "-D", _dataDir, "-l", _logFile, "-w", "-t", "60", "-m", "fast", "restart");
        // The fixture's own idle connections died with the old server process.
        _admin?.Clear();
    }

    private void Start()
    {
        // A free port can be taken by someone else between probing and binding; try a few.
        for (var tries = 1; ; tries++)
        {
            Port = FreePort();
            var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_root} -c fsync=off -c full_page_writes=off -c max_connections=300 -c wal_level=logical -c max_replication_slots=32 -c max_wal_senders=32";
            try
            {
                PgCtl("pg_ctl", "-D", _dataDir, "-l", _logFile, "-w", "-t", "60", "-o", options, "start");
                _running = true;
                return;
            }
            catch (InvalidOperationException) when (tries < 3)
            {
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidOperationException(ex.Message + "\nServer log:\n" + ReadLog(), ex);
            }
        }
    }

    private void PgCtl(string program, params string[] args) =>
        ProcessRunner.Run(Path.Combine(BinDirectory, program), args, PostgresBinaries.RunAsPostgresUser, CommandTimeout);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private string ReadLog() => File.Exists(_logFile) ? File.ReadAllText(_logFile) : "(no log)";

    private void Stop()
    {
        if (_running)
        {
            _running = false;
            try
            {
                PgCtl("pg_ctl", "-D", _dataDir, "-w", "-t", "60", "-m", "immediate", "stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped (or never fully started); the folder is removed below either way.
            }
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        Stop();
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
    }
}
