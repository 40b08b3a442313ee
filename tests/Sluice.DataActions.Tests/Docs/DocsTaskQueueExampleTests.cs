using Sluice.Sqlite;
using Sluice.TaskQueue;
using Sluice.Tests.Testing;

namespace Sluice.DataActions.Tests.Docs;

/// <summary>The task queue example of docs/scale-out.md, compiled and run on a real SQLite file.</summary>
public sealed class DocsTaskQueueExampleTests
{
    [Fact]
    public async Task TaskQueueExample_RunsTheChainAndReportsTheFailure()
    {
        using var dir = new TempDirectory();
        var path = dir.File("queue.db");

        // docs:begin TaskQueue
        await using var store = await SqliteStore.OpenAsync(path);   // or PostgresStore.OpenAsync(connectionString)
        var queue = new DurableTaskQueue(store);
        queue.Handlers
            .Register<int[], int[]>("clean", (values, _) => Task.FromResult(values.Where(v => v >= 0).ToArray()))
            .Register<int[], int>("total", (values, _) => Task.FromResult(values.Sum()))
            .Register("fail", (_, _) => throw new InvalidOperationException("no such customer"));
        await using var worker = queue.StartWorker();

        var clean = await queue.EnqueueAsync("clean", new[] { 3, -1, 4 });
        var cleaned = (await queue.GetResultAsync(clean, TimeSpan.FromSeconds(30))).GetValue<int[]>()!;
        var total = await queue.EnqueueAsync("total", cleaned, new EnqueueOptions { DependsOn = [clean] });
        var result = await queue.GetResultAsync(total, TimeSpan.FromSeconds(30));
        Console.WriteLine(result.GetValue<int>());          // 7

        var failing = await queue.GetResultAsync(await queue.EnqueueAsync("fail"), TimeSpan.FromSeconds(30));
        Console.WriteLine(failing.IsError + " " + failing.Error); // True InvalidOperationException: no such customer
        // docs:end

        result.GetValue<int>().ShouldBe(7);
        failing.IsError.ShouldBeTrue();
        failing.Error.ShouldNotBeNull().ShouldContain("no such customer");
    }
}
