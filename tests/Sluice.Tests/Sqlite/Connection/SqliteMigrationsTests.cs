using Microsoft.Data.Sqlite;
using Sluice.Sqlite.Connection;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Sqlite.Connection;

public sealed class SqliteMigrationsTests
{
    private static readonly string[] Steps =
    [
        "CREATE TABLE t (id INTEGER PRIMARY KEY);",
        "INSERT INTO t (id) VALUES (1);",
        "ALTER TABLE t ADD COLUMN name TEXT;",
    ];

    [Fact]
    public async Task ApplyAsync_ManyConnectionsAtOnce_ApplyEachStepOnce_AndLaterStepsOnTop()
    {
        using var dir = new TempDirectory();
        var cs = new SqliteConnectionStringBuilder { DataSource = dir.File("m.db"), Pooling = false, DefaultTimeout = 30 }.ToString();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var conn = new SqliteConnection(cs);
            await conn.OpenAsync();
            await SqliteMigrations.ApplyAsync(conn, "demo_migrations", Steps[..2]);
        })));
        await using (var conn = new SqliteConnection(cs))
        {
            await conn.OpenAsync();
            await SqliteMigrations.ApplyAsync(conn, "demo_migrations", Steps);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT (SELECT COUNT(*) FROM t), (SELECT group_concat(version) FROM demo_migrations), (SELECT COUNT(*) FROM pragma_table_info('t') WHERE name = 'name')";
            await using var r = await cmd.ExecuteReaderAsync();
            r.Read().ShouldBeTrue();
            r.GetInt64(0).ShouldBe(1); // the INSERT step ran once, not once per connection
            r.GetString(1).ShouldBe("1,2,3");
            r.GetInt64(2).ShouldBe(1);
        }
    }
}
