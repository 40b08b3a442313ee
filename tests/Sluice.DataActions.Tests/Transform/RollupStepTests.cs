using System.Globalization;
using System.Text;
using Sluice.Data.Tests.Parquet;
using Sluice.Execution;
using Sluice.Datasets;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests.Transform;

/// <summary>The rollup step against DuckDB's date_trunc aggregates on the same file, in UTC and across DST changes.</summary>
public sealed class RollupStepTests
{
    [DuckDbFact]
    public async Task Rollup_DailyWeeklyMonthly_InUtcAndADstZone_EqualsDuckDb()
    {
        await using var h = new DataPipelineHarness();
        var csv = new StringBuilder("ordered_at,region,amount\n");
        var random = new Random(42);
        var start = new DateTime(2024, 3, 20, 0, 0, 0, DateTimeKind.Utc); // spans the end of March (EU DST) and of October
        for (var i = 0; i < 3000; i++)
        {
            var at = start.AddMinutes(random.Next(0, 240 * 24 * 60));
            var offset = random.Next(3) switch { 0 => "Z", 1 => "+02:00", _ => "-05:00" };
            var text = at.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + offset;
            csv.Append(CultureInfo.InvariantCulture, $"{text},{(random.Next(2) == 0 ? "north" : "south")},{random.Next(1, 100000) / 100m}\n");
        }

        var data = h.Write("orders.csv", csv.ToString());
        foreach (var (every, zone) in new[] { ("day", (string?)null), ("week", "Europe/Berlin"), ("month", "America/New_York"), ("day", "Europe/Berlin") })
        {
            var zoneLine = zone is null ? "" : $"timezone: {zone}, ";
            var outcome = await h.RunAsync(h.Load($$$"""
                id: rollup_{{{every}}}
                tasks:
                  - id: roll
                    action: apply_transformations
                    parameters:
                      data: {{{data}}}
                      transformations:
                        - rollup: {time: ordered_at, every: {{{every}}}, {{{zoneLine}}}by: [region], metrics: {orders: count(), revenue: sum(amount), top: max(amount)}}
                    outputs: [transformed_data]
                """));
            outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, await h.ErrorOfAsync(outcome, "roll"));
            var ours = ArtifactFile.ReadAllLines(OutputPath(outcome)).Skip(1).ToList();

            var local = zone is null ? "ordered_at" : $"timezone('{zone}', ordered_at)";
            var theirs = DuckDb.Query(
                "SET TimeZone = 'UTC'",
                $$"""
                SELECT strftime(p, '%Y-%m-%d') || ',' || region || ',' || count(*) || ',' || CAST(sum(amount) AS VARCHAR) || ',' || CAST(max(amount) AS VARCHAR) AS line
                FROM (SELECT CAST(date_trunc('{{every}}', {{local}}) AS DATE) AS p, region, amount
                      FROM read_csv('{{data}}', columns = {'ordered_at': 'TIMESTAMPTZ', 'region': 'VARCHAR', 'amount': 'DECIMAL(18,2)'}, header = true))
                GROUP BY p, region ORDER BY p, region
                """);
            ours.Count.ShouldBeGreaterThan(10);
            ours.ShouldBe([.. theirs.Select(r => r.GetProperty("line").GetString()!)], $"every {every} in {zone ?? "UTC"}");
        }
    }

    [Fact]
    public async Task Rollup_Fill_AddsEmptyPeriodsWithZeroCounts()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("orders.csv", "day,amount\n2024-01-01,5\n2024-01-04,7\n2024-01-04,1\n");
        var outcome = await h.RunAsync(h.Load($$$"""
            id: rollup_fill
            tasks:
              - id: roll
                action: apply_transformations
                parameters:
                  data: {{{data}}}
                  transformations:
                    - rollup: {time: day, every: day, metrics: {n: count(), total: sum(amount)}, fill: true, as: d}
                outputs: [transformed_data]
            """));
        outcome.State.ShouldBe(Sluice.State.RunState.Succeeded, await h.ErrorOfAsync(outcome, "roll"));
        ArtifactFile.ReadAllLines(OutputPath(outcome)).ShouldBe(["d,n,total", "2024-01-01,1,5", "2024-01-02,0,", "2024-01-03,0,", "2024-01-04,2,8"]);
    }

    [Fact]
    public async Task Rollup_OnATextColumn_SaysHowToConvert()
    {
        await using var h = new DataPipelineHarness();
        var data = h.Write("orders.csv", "day,amount\nmonday,5\n");
        var outcome = await h.RunAsync(h.Load($$$"""
            id: rollup_text
            tasks:
              - id: roll
                action: apply_transformations
                parameters:
                  data: {{{data}}}
                  transformations:
                    - rollup: {time: day, every: day, metrics: {n: count()}}
                outputs: [transformed_data]
            """));
        outcome.State.ShouldBe(Sluice.State.RunState.Failed);
        var error = await h.ErrorOfAsync(outcome, "roll");
        error.ShouldContain("'day' is string, not a date or timestamp");
        error.ShouldContain("to_timestamp(day");
    }

    private static string OutputPath(RunOutcome outcome) =>
        ((DatasetRef)((IReadOnlyDictionary<string, object?>)outcome.Outputs["roll"]!)["transformed_data"]!).Path;
}
