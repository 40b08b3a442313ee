using Sluice.Postgres.Tests.Distributed;
using Sluice.Postgres.Tests.Testing;
using Sluice.State;

namespace Sluice.Postgres.Tests.Scheduling;

/// <summary><c>sluice backfill</c> with a PostgreSQL <c>--store</c>: the backfill record lives in the same database.</summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class BackfillCliTests(PostgresFixture server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-pg-backfill-").FullName;

    [Fact]
    public async Task Backfill_OnPostgres_RunsEveryLogicalDate_AndResumesOnlyWhatFailed()
    {
        WorkerProcess.CliDll.ShouldNotBeNull("Sluice.Cli.dll is not built; build the solution (or src/Sluice.Cli) first.");
        var db = await server.CreateDatabaseAsync();
        var flag = Path.Combine(_dir, "ok");
        var file = Path.Combine(_dir, "bf.yaml");
        await File.WriteAllTextAsync(file, $$$"""
            id: daily
            triggers: [{type: cron, cron: "0 6 * * *"}]
            tasks:
              - id: a
                action: shell
                parameters: {command: "echo {{ run.logical_date }} >> ran.log; test {{ run.logical_date[8:10] }} != 03 || test -f {{{flag}}}"}
            """);

        var (code1, out1) = await SluiceAsync("backfill", file, "--from", "2026-03-01", "--to", "2026-03-04T23:00:00Z", "--max-active", "2", "--store", db);
        code1.ShouldBe(1, out1);
        out1.ShouldContain("3 succeeded, 1 failed");
        await File.WriteAllTextAsync(flag, "");
        var (code2, out2) = await SluiceAsync("backfill", file, "--from", "2026-03-01", "--to", "2026-03-04T23:00:00Z", "--store", db);
        code2.ShouldBe(0, out2);
        out2.ShouldContain("3 already done, 1 to run");

        var ran = File.ReadAllLines(Path.Combine(_dir, "ran.log")).Select(static l => l[..10]).Order().ToList();
        ran.ShouldBe(["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-03", "2026-03-04"]);
        await using var store = await PostgresStore.OpenAsync(db);
        var runs = await store.State.ListRunsAsync(new RunQuery("daily", Limit: 100));
        runs.Select(static r => r.RunId).Order(StringComparer.Ordinal)
            .ShouldBe(["daily@20260301T060000Z", "daily@20260302T060000Z", "daily@20260303T060000Z", "daily@20260304T060000Z"]);
        runs.ShouldAllBe(static r => r.State == RunState.Succeeded && r.Trigger == "backfill");
    }

    private Task<(int Code, string Output)> SluiceAsync(params string[] args) => SluiceCli.RunAsync(_dir, args);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
