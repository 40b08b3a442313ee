using System.Collections.Concurrent;
using Sluice.Distributed;
using Sluice.Stores;
using Sluice.TaskQueue;

namespace Sluice.Tests.TaskQueue;

/// <summary>
/// The durable task queue (seed 002) on every store: the seed's ETL chain with dependencies, parallel chunks on
/// four workers, result timeouts and failing tasks. Subclassed once per store.
/// </summary>
public abstract class TaskQueueContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    protected SluiceStore Store { get; private set; } = null!;

    protected abstract Task<SluiceStore> OpenStoreAsync();

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public async Task DisposeAsync() => await Store.DisposeAsync();

    private static WorkerOptions Fast => new() { PollInterval = TimeSpan.FromMilliseconds(100), Capacity = 4 };

    [Fact]
    public async Task EtlChain_EachStepDependsOnThePrevious_RunsInOrderWithResultsPassedAlong()
    {
        // validate ──► clean ──► enrich ──► aggregate (seed 002, "Pipeline with Dependencies")
        var queue = new DurableTaskQueue(Store);
        var order = new ConcurrentQueue<string>();
        queue.Handlers
            .Register<int[], int[]>("validate", (values, _) => { order.Enqueue("validate"); return Task.FromResult(values.Where(v => v >= 0).ToArray()); })
            .Register<int[], int[]>("clean", (values, _) => { order.Enqueue("clean"); return Task.FromResult(values.Distinct().ToArray()); })
            .Register<int[], int[]>("enrich", (values, _) => { order.Enqueue("enrich"); return Task.FromResult(values.Select(v => v * 10).ToArray()); })
            .Register<int[], int>("aggregate", (values, _) => { order.Enqueue("aggregate"); return Task.FromResult(values.Sum()); });
        await using var worker = queue.StartWorker(Fast);

        var validateId = await queue.EnqueueAsync("validate", new[] { 1, 2, 2, -5, 3 });
        var validated = (await queue.GetResultAsync(validateId, Patience)).GetValue<int[]>()!;
        var cleanId = await queue.EnqueueAsync("clean", validated, new EnqueueOptions { DependsOn = [validateId] });
        var cleaned = (await queue.GetResultAsync(cleanId, Patience)).GetValue<int[]>()!;
        var enrichId = await queue.EnqueueAsync("enrich", cleaned, new EnqueueOptions { DependsOn = [cleanId] });
        var enriched = (await queue.GetResultAsync(enrichId, Patience)).GetValue<int[]>()!;
        var aggregateId = await queue.EnqueueAsync("aggregate", enriched, new EnqueueOptions { DependsOn = [enrichId] });
        var total = await queue.GetResultAsync(aggregateId, Patience);

        total.IsError.ShouldBeFalse(total.Error);
        total.GetValue<int>().ShouldBe(60);
        order.ShouldBe(["validate", "clean", "enrich", "aggregate"]);
    }

    [Fact]
    public async Task DependsOn_EnqueuedBeforeTheDependencyFinishes_WaitsForIt()
    {
        //   slow ──► after (enqueued at once, must not start before slow succeeded)
        var queue = new DurableTaskQueue(Store);
        var release = new TaskCompletionSource();
        var order = new ConcurrentQueue<string>();
        queue.Handlers
            .Register("slow", async (_, ct) => { await release.Task.WaitAsync(ct); order.Enqueue("slow"); return "done"; })
            .Register("after", (_, _) => { order.Enqueue("after"); return Task.FromResult<object?>(null); });
        await using var worker = queue.StartWorker(Fast);

        var slow = await queue.EnqueueAsync("slow");
        var after = await queue.EnqueueAsync("after", options: new EnqueueOptions { DependsOn = [slow] });
        (await queue.GetResultAsync(after, TimeSpan.FromMilliseconds(300))).Status.ShouldBe(TaskResultStatus.TimedOut);
        release.SetResult();

        (await queue.GetResultAsync(after, Patience)).Status.ShouldBe(TaskResultStatus.Succeeded);
        order.ShouldBe(["slow", "after"]);
    }

    [Fact]
    public async Task ParallelChunks_FourWorkers_EveryChunkProcessedOnceAndCombined()
    {
        // Seed 002, "Batch Processing with Multiple Workers": 1,000 records in chunks of 50.
        var queue = new DurableTaskQueue(Store);
        var processed = new ConcurrentDictionary<int, int>();
        queue.Handlers.Register<Chunk, ChunkResult>("process_chunk", async (chunk, ct) =>
        {
            processed.AddOrUpdate(chunk.ChunkId, 1, (_, n) => n + 1);
            await Task.Delay(5, ct);
            return new ChunkResult(chunk.ChunkId, chunk.Records.Length, chunk.Records.Select(r => r * 2).ToArray());
        });
        var workers = Enumerable.Range(0, 4).Select(i => queue.StartWorker(Fast with { WorkerId = $"worker_{i}-{Guid.NewGuid():N}" })).ToList();
        try
        {
            var records = Enumerable.Range(0, 1000).ToArray();
            var ids = new List<long>();
            foreach (var (chunk, i) in records.Chunk(50).Select((c, i) => (c, i)))
            {
                ids.Add(await queue.EnqueueAsync("process_chunk", new Chunk(i, chunk)));
            }
            var all = new List<int>();
            foreach (var id in ids)
            {
                var result = await queue.GetResultAsync(id, Patience);
                result.IsError.ShouldBeFalse(result.Error);
                all.AddRange(result.GetValue<ChunkResult>()!.Data);
            }

            all.Count.ShouldBe(1000);
            all.Order().ShouldBe(records.Select(r => r * 2));
            processed.Count.ShouldBe(20);
            processed.Values.ShouldAllBe(n => n == 1);
        }
        finally
        {
            foreach (var w in workers)
            {
                await w.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task EnqueueMany_Batch_ReturnsIdsInOrderWithTheirResults()
    {
        var queue = new DurableTaskQueue(Store);
        queue.Handlers.Register<int, int>("square", (x, _) => Task.FromResult(x * x));
        await using var worker = queue.StartWorker(Fast);

        var ids = await queue.EnqueueManyAsync(Enumerable.Range(1, 30).Select(i => new TaskRequest("square", i)));

        ids.Count.ShouldBe(30);
        ids.ShouldBeInOrder(SortDirection.Ascending);
        for (var i = 0; i < ids.Count; i++)
        {
            (await queue.GetResultAsync(ids[i], Patience)).GetValue<int>().ShouldBe((i + 1) * (i + 1));
        }
    }

    [Fact]
    public async Task GetResult_JobStillRunningAtTimeout_ReportsTimedOutThenTheValueLater()
    {
        var queue = new DurableTaskQueue(Store);
        var release = new TaskCompletionSource();
        queue.Handlers.Register("wait", async (_, ct) => { await release.Task.WaitAsync(ct); return 42; });
        await using var worker = queue.StartWorker(Fast);
        var id = await queue.EnqueueAsync("wait");

        var early = await queue.GetResultAsync(id, TimeSpan.FromMilliseconds(200));

        early.Status.ShouldBe(TaskResultStatus.TimedOut);
        early.IsError.ShouldBeTrue();
        early.Error.ShouldNotBeNull().ShouldContain("did not finish");
        release.SetResult();
        var late = await queue.GetResultAsync(id, Patience);
        late.Status.ShouldBe(TaskResultStatus.Succeeded);
        late.Value.GetInt32().ShouldBe(42);
    }

    [Fact]
    public async Task FailingJob_NoRetries_ResultIsErrorAndItsDependentsFailToo()
    {
        //   bad (throws) ──► child ──► grandchild
        var queue = new DurableTaskQueue(Store);
        var ran = new ConcurrentQueue<string>();
        queue.Handlers
            .Register("bad", (_, _) => throw new InvalidOperationException("record 17 has no id"))
            .Register("child", (_, _) => { ran.Enqueue("child"); return Task.FromResult<object?>(null); });
        await using var worker = queue.StartWorker(Fast);
        var bad = await queue.EnqueueAsync("bad");
        var child = await queue.EnqueueAsync("child", options: new EnqueueOptions { DependsOn = [bad] });
        var grandchild = await queue.EnqueueAsync("child", options: new EnqueueOptions { DependsOn = [child] });

        var result = await queue.GetResultAsync(bad, Patience);

        result.Status.ShouldBe(TaskResultStatus.Failed);
        result.IsError.ShouldBeTrue();
        result.Error.ShouldBe("InvalidOperationException: record 17 has no id");
        result.Attempts.ShouldBe(1);
        (await queue.GetResultAsync(child, Patience)).Error.ShouldBe($"dependency {bad} failed");
        (await queue.GetResultAsync(grandchild, Patience)).Error.ShouldBe($"dependency {child} failed");
        ran.ShouldBeEmpty();
        var late = await queue.EnqueueAsync("child", options: new EnqueueOptions { DependsOn = [bad] });
        (await queue.GetResultAsync(late, Patience)).Error.ShouldBe($"dependency {bad} failed");
    }

    [Fact]
    public async Task Retries_FailsTwiceThenSucceeds_SucceedsOnTheThirdAttempt()
    {
        var queue = new DurableTaskQueue(Store);
        queue.Handlers.RetryDelay = TimeSpan.FromMilliseconds(10);
        var calls = 0;
        queue.Handlers.Register("flaky", (_, _) => Interlocked.Increment(ref calls) <= 2 ? throw new IOException("connection reset") : Task.FromResult<object?>("ok"));
        await using var worker = queue.StartWorker(Fast);

        var id = await queue.EnqueueAsync("flaky", options: new EnqueueOptions { Retries = 2 });
        var result = await queue.GetResultAsync(id, Patience);

        result.Status.ShouldBe(TaskResultStatus.Succeeded, result.Error);
        result.GetValue<string>().ShouldBe("ok");
        result.Attempts.ShouldBe(3);
    }

    [Fact]
    public async Task InProcessDelegate_RunsOnThisProcessWorkerAndReturnsItsValue()
    {
        var queue = new DurableTaskQueue(Store);
        await using var worker = queue.StartWorker(Fast);

        var id = await queue.EnqueueAsync(_ => Task.FromResult<object?>(new { records = 3 }));
        var result = await queue.GetResultAsync(id, Patience);

        result.Value.GetProperty("records").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task DependsOn_UnknownJob_IsRejectedAtEnqueue()
    {
        var queue = new DurableTaskQueue(Store);

        await Should.ThrowAsync<ArgumentException>(() => queue.EnqueueAsync("x", options: new EnqueueOptions { DependsOn = [424242] }));
    }

    [Fact]
    public async Task GetResult_UnknownId_Throws()
    {
        var queue = new DurableTaskQueue(Store);

        await Should.ThrowAsync<KeyNotFoundException>(() => queue.GetResultAsync(99_999, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Priority_HigherFirst_WhenOneWorkerPicksFromABacklog()
    {
        var queue = new DurableTaskQueue(Store);
        var order = new ConcurrentQueue<int>();
        queue.Handlers.Register<int, int>("p", (x, _) => { order.Enqueue(x); return Task.FromResult(x); });
        await queue.EnqueueAsync("p", 1, new EnqueueOptions { Priority = 1 });
        await queue.EnqueueAsync("p", 9, new EnqueueOptions { Priority = 9 });
        var last = await queue.EnqueueAsync("p", 5, new EnqueueOptions { Priority = 5 });
        await using var worker = queue.StartWorker(Fast with { Capacity = 1, ClaimBatchSize = 1 });

        await queue.GetResultAsync(last, Patience);
        await WaitUntilAsync(() => order.Count == 3);

        order.ShouldBe([9, 5, 1]);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }

    private sealed record Chunk(int ChunkId, int[] Records);

    private sealed record ChunkResult(int ChunkId, int ProcessedCount, int[] Data);
}
