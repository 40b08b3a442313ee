using Sluice.Distributed;
using Sluice.Retention;
using Sluice.Sqlite;
using Sluice.State;
using Sluice.Stores;
using Sluice.TaskQueue;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Retention;

/// <summary>Retention on the SQLite store: what goes, what stays.</summary>
public sealed class RetentionPurgerTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private SluiceStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(_dir.File("retention.db"));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Purge_OlderThan30Days_DeletesOldFinishedRunsWithTheirRowsAndFoldersKeepsNewAndActiveRuns()
    {
        await AddRunAsync("old-ok", RunState.Succeeded, T0);
        await AddRunAsync("old-failed", RunState.Failed, T0.AddDays(1));
        await AddRunAsync("old-active", RunState.Running, null, started: T0);
        await AddRunAsync("recent", RunState.Succeeded, T0.AddDays(40));
        var time = new FakeTimeProvider(T0.AddDays(45));

        var counts = await new RetentionPurger(_store.Retention, Options(), time).PurgeAsync();

        counts.Runs.ShouldBe(2);
        counts.TaskInstances.ShouldBe(4);
        counts.LogLines.ShouldBe(4);
        counts.ArtifactFolders.ShouldBe(2);
        (await _store.State.GetRunAsync("old-ok")).ShouldBeNull();
        (await _store.State.GetRunAsync("old-failed")).ShouldBeNull();
        (await _store.State.GetTaskInstancesAsync("old-ok")).ShouldBeEmpty();
        (await _store.State.GetLogsAsync("old-ok")).ShouldBeEmpty();
        (await _store.State.GetAttemptsAsync("old-ok")).ShouldBeEmpty();
        Directory.Exists(_dir.File("artifacts/old-ok")).ShouldBeFalse();
        (await _store.State.GetRunAsync("old-active")).ShouldNotBeNull();
        (await _store.State.GetTaskInstancesAsync("old-active")).Count.ShouldBe(2);
        Directory.Exists(_dir.File("artifacts/old-active")).ShouldBeTrue();
        (await _store.State.GetRunAsync("recent")).ShouldNotBeNull();
        Directory.Exists(_dir.File("artifacts/recent")).ShouldBeTrue();
    }

    [Fact]
    public async Task Purge_DryRun_CountsButDeletesNothing()
    {
        await AddRunAsync("old", RunState.Succeeded, T0);

        var counts = await new RetentionPurger(_store.Retention, Options(), new FakeTimeProvider(T0.AddDays(45))).PurgeAsync(dryRun: true);

        counts.Runs.ShouldBe(1);
        counts.ArtifactFolders.ShouldBe(1);
        (await _store.State.GetRunAsync("old")).ShouldNotBeNull();
        Directory.Exists(_dir.File("artifacts/old")).ShouldBeTrue();
    }

    [Fact]
    public async Task Purge_ShorterLogRetention_DeletesOnlyTheLogsOfRunsStillKept()
    {
        await AddRunAsync("r", RunState.Succeeded, T0.AddDays(30));

        var counts = await new RetentionPurger(_store.Retention, Options() with { LogsMaxAge = TimeSpan.FromDays(7) }, new FakeTimeProvider(T0.AddDays(45))).PurgeAsync();

        counts.LogLines.ShouldBe(2);
        counts.Runs.ShouldBe(0);
        (await _store.State.GetLogsAsync("r")).ShouldBeEmpty();
        (await _store.State.GetTaskInstancesAsync("r")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Purge_SmallBatches_DeletesEveryOldRun()
    {
        for (var i = 0; i < 23; i++)
        {
            await AddRunAsync($"old-{i:D2}", RunState.Succeeded, T0.AddMinutes(i));
        }

        var counts = await new RetentionPurger(_store.Retention, Options() with { BatchSize = 5 }, new FakeTimeProvider(T0.AddDays(45))).PurgeAsync();

        counts.Runs.ShouldBe(23);
        (await _store.State.ListRunsAsync(new RunQuery(Limit: 100))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Purge_FinishedQueueJobs_OlderThanTheJobRetentionAreDeleted()
    {
        var queue = new DurableTaskQueue(_store);
        queue.Handlers.Register("x", (_, _) => Task.FromResult<object?>(1));
        var id = await queue.EnqueueAsync("x");
        var pending = await queue.EnqueueAsync("never-handled");
        await using (queue.StartWorker(new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(20) }))
        {
            (await queue.GetResultAsync(id, TimeSpan.FromMinutes(1))).IsError.ShouldBeFalse();
        }
        // Jobs are stamped with the real clock; the purge runs "eight days later".
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(8));

        var counts = await new RetentionPurger(_store.Retention, Options(), clock).PurgeAsync();

        counts.Jobs.ShouldBe(1);
        (await _store.Work.GetJobAsync(id)).ShouldBeNull();
        (await _store.Work.GetJobAsync(pending)).ShouldNotBeNull();
    }

    [Fact]
    public void Options_Invalid_AreAllReported()
    {
        var ex = Should.Throw<ArgumentException>(() => new RetentionOptions { RunsMaxAge = TimeSpan.Zero, BatchSize = 0 }.Validate());

        ex.Message.ShouldContain("RunsMaxAge must be positive");
        ex.Message.ShouldContain("BatchSize must be at least 1, was 0");
    }

    private RetentionOptions Options() => new() { RunsMaxAge = TimeSpan.FromDays(30), ArtifactRoot = _dir.File("artifacts") };

    private async Task AddRunAsync(string id, RunState state, DateTimeOffset? ended, DateTimeOffset? started = null)
    {
        await _store.State.CreateRunAsync(new RunRecord { RunId = id, PipelineId = "p", VersionHash = "h", State = state, CreatedAt = started ?? ended!.Value, StartedAt = started ?? ended, EndedAt = ended });
        var batch = new StateBatch();
        foreach (var task in new[] { "a", "b" })
        {
            batch.Tasks.Add(new TaskInstanceRecord { RunId = id, TaskId = task, State = TaskState.Succeeded, Attempt = 1 });
            batch.Attempts.Add(new AttemptRecord(id, task, -1, 1, TaskState.Succeeded, started ?? ended!.Value, ended, null, "w"));
            batch.Logs.Add(new LogRecord(0, id, task, -1, 1, started ?? ended!.Value, "stdout", "line"));
        }
        await _store.State.CommitAsync(batch);
        Directory.CreateDirectory(_dir.File($"artifacts/{id}/a/attempt-1"));
    }
}
