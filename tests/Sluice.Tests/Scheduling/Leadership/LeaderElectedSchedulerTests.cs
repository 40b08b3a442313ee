using System.Collections.Concurrent;
using Sluice.Scheduling;
using Sluice.Scheduling.Leadership;
using Sluice.Sqlite.Scheduling;
using Sluice.Tests.Testing;
using static Sluice.Tests.Scheduling.Cron.CronNextOccurrenceTests;
using static Sluice.Tests.Scheduling.SchedulerHarness;

namespace Sluice.Tests.Scheduling.Leadership;

/// <summary>The leadership loop on SQLite with the always-leader implementation (the single-server case).</summary>
public sealed class LeaderElectedSchedulerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TimerWatchingClock _clock = new(At("2026-01-01T00:00:00Z"));
    private readonly ConcurrentQueue<ScheduledFire> _calls = new();

    private Scheduler NewScheduler(SqliteScheduleStore store) =>
        new([CronPipeline("p", "0 * * * *")], store, (fire, _) =>
        {
            _calls.Enqueue(fire);
            return Task.CompletedTask;
        }, new SchedulerOptions { Time = _clock });

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    [Fact]
    public async Task LocalLeadership_RunsTheScheduler_AndStopReleases()
    {
        await using var store = new SqliteScheduleStore(_dir.File("sluice.db"));
        await using var leadership = new LocalSchedulerLeadership();
        var changes = new ConcurrentQueue<bool>();
        await using var elected = new LeaderElectedScheduler(leadership, () => NewScheduler(store), new LeaderElectionOptions { OnLeadershipChanged = changes.Enqueue });

        await elected.StartAsync();
        await EventuallyAsync(() => elected.IsLeader);
        _clock.Advance(TimeSpan.FromHours(1));
        await elected.Current!.WaitForIdleAsync();
        await elected.StopAsync();

        _calls.ShouldBe([new ScheduledFire("p", 0, At("2026-01-01T01:00:00Z"), false)]);
        elected.IsLeader.ShouldBeFalse();
        elected.Terms.ShouldBe(1);
        leadership.IsLeader.ShouldBeFalse();
        changes.ShouldBe([true, false]);
    }

    [Fact]
    public async Task SchedulerCannotBeCreated_ReportsTheError_ReleasesAndRetries()
    {
        await using var leadership = new LocalSchedulerLeadership();
        var errors = new ConcurrentQueue<Exception>();
        var attempts = 0;
        await using var elected = new LeaderElectedScheduler(leadership, () =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("store is down");
        }, new LeaderElectionOptions { OnError = errors.Enqueue, Time = _clock, RetryInterval = TimeSpan.FromSeconds(5) });

        await elected.StartAsync();
        await EventuallyAsync(() => !errors.IsEmpty && _clock.PendingTimers > 0);
        leadership.IsLeader.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(5));
        await EventuallyAsync(() => errors.Count == 2);

        errors.ShouldAllBe(static e => e.Message == "store is down");
        Volatile.Read(ref attempts).ShouldBe(2);
        elected.Terms.ShouldBe(0);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
