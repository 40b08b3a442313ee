// The store stays bounded: N runs (4 tasks each: log lines, outputs, a quality-history record per run) through the
// real executor on a SQLite store, one run per simulated hour, with retention on (a purge every --purge-every runs,
// runs and quality history kept --keep-days) or off. Prints the store's size (database + WAL) every --report-every runs
// (and the largest size seen after any run so far) as JSON lines on stdout.
using System.Globalization;
using System.Text.Json;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Execution;
using Sluice.Retention;
using Sluice.Sqlite;
using Sluice.State;
using Sluice.Stores;
using StoreSoak;

var runs = int.Parse(Arg("--runs", "10000"), CultureInfo.InvariantCulture);
var retention = Arg("--retention", "on") == "on";
var keep = TimeSpan.FromDays(double.Parse(Arg("--keep-days", "7"), CultureInfo.InvariantCulture));
var purgeEvery = int.Parse(Arg("--purge-every", "100"), CultureInfo.InvariantCulture);
var reportEvery = int.Parse(Arg("--report-every", "1000"), CultureInfo.InvariantCulture);
var dir = Path.Combine(Path.GetTempPath(), "sluice-store-soak-" + Environment.ProcessId);
Directory.CreateDirectory(dir);
try
{
    var clock = new SoakClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    var dbPath = Path.Combine(dir, "sluice.db");
    var artifacts = Path.Combine(dir, "artifacts");
    await using var store = await SqliteStore.OpenAsync(dbPath, new SluiceStoreOptions { Time = clock, ArtifactRoot = artifacts });
    var executor = new RunExecutor(store.State, BuiltInActions.CreateRegistry().Register(new ChattyAction()), new ExecutorOptions { Time = clock, ArtifactRoot = artifacts });
    //   extract ──► transform ──► check ──► load
    var definition = new PipelineDefinition
    {
        Id = "soak",
        Tasks =
        [
            new TaskDefinition { Id = "extract", Action = "chatty" },
            new TaskDefinition { Id = "transform", Action = "chatty", Dependencies = ["extract"] },
            new TaskDefinition { Id = "check", Action = "chatty", Dependencies = ["transform"] },
            new TaskDefinition { Id = "load", Action = "chatty", Dependencies = ["check"] },
        ],
    };
    var version = new PipelineVersionRecord(definition.Id, "soak", null, null, "{}", null, clock.GetUtcNow());
    var options = new RetentionOptions { RunsMaxAge = keep, QualityMaxAge = keep, ArtifactRoot = artifacts, JobsMaxAge = keep };
    var purged = default(PurgeCounts);
    long peak = 0;
    for (var i = 1; i <= runs; i++)
    {
        var outcome = await executor.RunAsync(definition, version, new Dictionary<string, object?>());
        if (outcome.State != RunState.Succeeded)
        {
            throw new InvalidOperationException($"run {outcome.RunId} ended {outcome.State}: {outcome.Error}");
        }
        await store.QualityHistory.RecordAsync("soak", "check", outcome.RunId, new Dictionary<string, double> { ["overall"] = 0.9, ["completeness"] = 0.95, ["rows"] = i });
        clock.Advance(TimeSpan.FromHours(1));
        peak = Math.Max(peak, Size(dbPath) + Size(dbPath + "-wal"));
        if (i % reportEvery == 0)
        {
            var kept = (await store.State.ListRunsAsync(new RunQuery(null, null, 1_000_000))).Count;
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                runs = i,
                retention,
                kept_runs = kept,
                db_bytes = Size(dbPath),
                wal_bytes = Size(dbPath + "-wal"),
                peak_bytes = peak,
                purged_runs = purged.Runs,
                purged_log_lines = purged.LogLines,
                purged_quality_records = purged.Records,
            }));
        }
        // After the report: the sizes include the WAL written since the last purge.
        if (retention && i % purgeEvery == 0)
        {
            purged += await new RetentionPurger(store.Retention, options, clock, store.AgedRecords).PurgeAsync();
        }
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
