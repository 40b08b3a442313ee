using Npgsql;
using NpgsqlTypes;
using Sluice.Postgres.Distributed;
using Sluice.Postgres.State;
using Sluice.Postgres.Tests.Testing;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>
/// A claim reads the ready items it takes, not the whole queue: right after a fan-out inserted thousands of items the
/// statistics still expect a handful, and a plan chosen by them read every ready row and sorted it on every claim.
/// </summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class ClaimPlanTests(PostgresFixture server)
{
    [Fact]
    public async Task Claim_RightAfterAFanOutOfFiveThousandItems_ReadsOnlyTheItemsItTakesInQueueOrder()
    {
        var cs = await server.CreateDatabaseAsync();
        // Migrated; the statistics of the empty work_items table are what a new fan-out meets.
        await (await PostgresStore.OpenAsync(cs)).DisposeAsync();
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        // One transaction: the counters of pg_stat_xact_user_tables are this transaction's own reads.
        await using var tx = await conn.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO work_items (kind, queue, priority, state, available_at, attempt, lost, run_id, task_id, map_index, created_at)
            SELECT 'task', 'default', CASE WHEN g % 1000 = 999 THEN 1 ELSE 0 END, 'ready', now() - interval '1 second', 0, 0, 'r1', 'fan', g, now()
            FROM generate_series(0, 4999) AS g
            """, conn, tx))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var claimed = new List<int>();
        await using (var claim = new NpgsqlCommand(WorkSql.Claim, conn, tx))
        {
            claim.Parameters.AddRange(new[]
            {
                Sql.Time(now), PostgresWorkQueue.TextArray(null), PostgresWorkQueue.TextArray(null), Sql.Int(20), Sql.Text("w1"), Sql.Time(now.AddMinutes(1)),
                Sql.Text(null), Sql.Array(Array.Empty<string>(), NpgsqlDbType.Text), Sql.Text(null), Sql.Text(null),
            });
            await using var r = await claim.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                claimed.Add(r.GetInt32(7));
            }
        }

        // Priority first (items 999, 1999, ... have priority 1), then the order of insertion.
        claimed.Order().ShouldBe([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 999, 1999, 2999, 3999, 4999]);
        await using var stats = new NpgsqlCommand("SELECT idx_tup_fetch + seq_tup_read FROM pg_stat_xact_user_tables WHERE relname = 'work_items'", conn, tx);
        var read = Convert.ToInt64(await stats.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        // 20 read to pick, 20 again to update them; reading the queue would be 5,000.
        read.ShouldBeLessThan(200);
    }
}
