using System.Text.Json;
using Sluice.Retention;
using Sluice.State;
using Sluice.Stores;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Retention;

/// <summary>Archiving, aged records and reclaiming space: the same behaviour on every store. Subclassed per store (SQLite, PostgreSQL).</summary>
public abstract class RetentionArchiveContractTests : IAsyncLifetime, IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected TempDirectory Dir { get; } = new();

    /// <summary>The store under test, opened with a clock at <see cref="T0"/> (the quality history stamps records with it).</summary>
    protected SluiceStore Store { get; private set; } = null!;

    /// <summary>A new, empty store whose clock is <paramref name="time"/> and whose artifacts live under <paramref name="artifactRoot"/>.</summary>
    protected abstract Task<SluiceStore> OpenStoreAsync(TimeProvider time, string artifactRoot);

    public async Task InitializeAsync() => Store = await OpenStoreAsync(new FakeTimeProvider(T0), Dir.File("artifacts"));

    public async Task DisposeAsync() => await Store.DisposeAsync();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Archive_WritesRunsTasksAttemptsAndLogs_ThenDeletesThem_AndKeepsRecentRuns()
    {
        await AddRunAsync("old-1", T0);
        await AddRunAsync("old-2", T0.AddDays(1));
        await AddRunAsync("recent", T0.AddDays(40));
        var options = new RetentionOptions { RunsMaxAge = TimeSpan.FromDays(30), ArtifactRoot = Dir.File("artifacts"), BatchSize = 1 };

        PurgeCounts counts;
        var archive = new RunArchive(Store.State, Dir.File("archive"));
        await using (archive)
        {
            counts = await new RetentionPurger(Store.Retention, options, new FakeTimeProvider(T0.AddDays(45)), archive: archive).PurgeAsync();
        }

        (counts.Archived, counts.Runs, counts.TaskInstances, counts.LogLines).ShouldBe((2L, 2L, 4L, 4L));
        var runs = Lines("runs.jsonl");
        runs.Select(r => r.GetProperty("run_id").GetString()).ShouldBe(["old-1", "old-2"]);
        runs[0].GetProperty("state").GetString().ShouldBe("succeeded");
        runs[0].GetProperty("inputs_json").GetString().ShouldBe("""{"day":"old-1"}""");
        Lines("tasks.jsonl").Select(t => $"{t.GetProperty("run_id").GetString()}/{t.GetProperty("task_id").GetString()}").ShouldBe(["old-1/a", "old-1/b", "old-2/a", "old-2/b"]);
        Lines("attempts.jsonl").Count.ShouldBe(4);
        var logs = Lines("logs.jsonl");
        logs.Select(l => l.GetProperty("text").GetString()).ShouldBe(["old-1 a says hi", "old-1 b says hi", "old-2 a says hi", "old-2 b says hi"]);
        (await Store.State.GetRunAsync("old-1")).ShouldBeNull();
        (await Store.State.GetLogsAsync("old-2")).ShouldBeEmpty();
        (await Store.State.GetRunAsync("recent")).ShouldNotBeNull();
        (await Store.State.GetLogsAsync("recent")).Count.ShouldBe(2);
        Directory.Exists(Dir.File("artifacts/old-1")).ShouldBeFalse();
    }

    [Fact]
    public async Task Purge_WithTheStoresAgedRecords_DeletesOldQualityHistory_AndReclaimsSpace()
    {
        await Store.QualityHistory.RecordAsync("p", "quality", "old", new Dictionary<string, double> { ["overall"] = 0.5 });
        var options = new RetentionOptions { RunsMaxAge = TimeSpan.FromDays(365), QualityMaxAge = TimeSpan.FromDays(30) };

        var early = await new RetentionPurger(Store.Retention, options, new FakeTimeProvider(T0.AddDays(20)), Store.AgedRecords).PurgeAsync();
        var late = await new RetentionPurger(Store.Retention, options, new FakeTimeProvider(T0.AddDays(31)), Store.AgedRecords).PurgeAsync();

        early.Records.ShouldBe(0);
        late.Records.ShouldBe(1);
        (await Store.QualityHistory.GetTrendsAsync("p", "quality")).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReclaimSpace_FullAndIncremental_KeepEveryRow()
    {
        await AddRunAsync("kept", T0);
        await Store.QualityHistory.RecordAsync("p", "quality", "kept", new Dictionary<string, double> { ["overall"] = 1 });

        await Store.Retention.ReclaimSpaceAsync(full: false);
        await Store.Retention.ReclaimSpaceAsync(full: true);

        (await Store.State.GetRunAsync("kept")).ShouldNotBeNull();
        (await Store.State.GetLogsAsync("kept")).Count.ShouldBe(2);
        (await Store.QualityHistory.GetTrendsAsync("p", "quality")).ShouldHaveSingleItem();
    }

    private List<JsonElement> Lines(string file) =>
        [.. File.ReadAllLines(Path.Combine(Dir.File("archive"), file))
            .Select(static l => JsonDocument.Parse(l).RootElement.Clone())];

    protected async Task AddRunAsync(string id, DateTimeOffset ended, int logLines = 1, int lineLength = 0)
    {
        await Store.State.CreateRunAsync(new RunRecord
        {
            RunId = id,
            PipelineId = "p",
            VersionHash = "h",
            State = RunState.Succeeded,
            InputsJson = $$"""{"day":"{{id}}"}""",
            CreatedAt = ended,
            StartedAt = ended,
            EndedAt = ended,
        });
        var batch = new StateBatch();
        foreach (var task in new[] { "a", "b" })
        {
            batch.Tasks.Add(new TaskInstanceRecord { RunId = id, TaskId = task, State = TaskState.Succeeded, Attempt = 1, StartedAt = ended, EndedAt = ended });
            batch.Attempts.Add(new AttemptRecord(id, task, -1, 1, TaskState.Succeeded, ended, ended, null, "w"));
            for (var i = 0; i < logLines; i++)
            {
                batch.Logs.Add(new LogRecord(0, id, task, -1, 1, ended, "stdout", i == 0 ? $"{id} {task} says hi" + new string('x', lineLength) : new string('y', lineLength)));
            }
        }
        await Store.State.CommitAsync(batch);
        Directory.CreateDirectory(Dir.File($"artifacts/{id}/a/attempt-1"));
    }
}
