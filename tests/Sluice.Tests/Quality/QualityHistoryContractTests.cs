using Sluice.Quality;

namespace Sluice.Tests.Quality;

/// <summary>The behaviour every quality history must have. Subclassed once per store (SQLite, PostgreSQL).</summary>
public abstract class QualityHistoryContractTests : IAsyncLifetime
{
    private readonly List<QualityHistory> _opened = [];

    /// <summary>A history on a new, empty store; <paramref name="time"/> is its clock.</summary>
    protected abstract Task<QualityHistory> OpenAsync(TimeProvider time);

    private async Task<QualityHistory> NewAsync(TimeProvider? time = null)
    {
        var history = await OpenAsync(time ?? TimeProvider.System);
        _opened.Add(history);
        return history;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var h in _opened)
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoRuns_TrendHasLatestPreviousDeltaAndAverage()
    {
        var history = await NewAsync();
        await history.RecordAsync("orders", "quality", "run-1", new Dictionary<string, double> { ["overall"] = 0.80, ["completeness"] = 0.90 });
        await history.RecordAsync("orders", "quality", "run-2", new Dictionary<string, double> { ["overall"] = 0.95, ["completeness"] = 0.85 });

        var trends = await history.GetTrendsAsync("orders", "quality");

        trends.Select(t => t.Metric).ShouldBe(["completeness", "overall"]);
        var overall = trends[1];
        (overall.LatestRunId, overall.Latest, overall.Previous, overall.Count).ShouldBe(("run-2", 0.95, (double?)0.80, 2));
        overall.Change!.Value.ShouldBe(0.15, 1e-12);
        overall.Average.ShouldBe(0.875, 1e-12);
        trends[0].Change!.Value.ShouldBe(-0.05, 1e-12);
    }

    [Fact]
    public async Task DeleteOlderThan_RemovesOnlyRunsRecordedBeforeTheCutoff_WithTheirValues()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        var history = await NewAsync(clock);
        await history.RecordAsync("p", "t", "old-1", new Dictionary<string, double> { ["overall"] = 0.1 });
        await history.RecordAsync("p", "t", "old-2", new Dictionary<string, double> { ["overall"] = 0.2 });
        clock.Advance(TimeSpan.FromDays(40));
        await history.RecordAsync("p", "t", "new", new Dictionary<string, double> { ["overall"] = 0.9 });

        var first = await history.DeleteOlderThanAsync(start.AddDays(30), limit: 1);
        var rest = await history.DeleteOlderThanAsync(start.AddDays(30), limit: 10);
        var none = await history.DeleteOlderThanAsync(start.AddDays(30), limit: 10);

        (first, rest, none).ShouldBe((1L, 1L, 0L));
        var trend = (await history.GetTrendsAsync("p", "t")).ShouldHaveSingleItem();
        (trend.LatestRunId, trend.Count).ShouldBe(("new", 1));
        (await history.GetSeriesAsync("p", "t", "overall")).Select(p => p.RunId).ShouldBe(["new"]);
    }

    [Fact]
    public async Task FirstRun_HasNoPreviousAndNoChange()
    {
        var history = await NewAsync();
        await history.RecordAsync("p", "t", "r1", new Dictionary<string, double> { ["overall"] = 0.5 });
        var trend = (await history.GetTrendsAsync("p", "t")).ShouldHaveSingleItem();
        (trend.Previous, trend.Change, trend.Average, trend.Count).ShouldBe(((double?)null, (double?)null, 0.5, 1));
    }

    [Fact]
    public async Task Average_CoversOnlyTheWindow_AndKeysAreSeparate()
    {
        var history = await NewAsync();
        for (var i = 1; i <= 5; i++)
        {
            await history.RecordAsync("p", "t", $"r{i}", new Dictionary<string, double> { ["overall"] = i / 10.0 });
        }

        await history.RecordAsync("p", "other_task", "r9", new Dictionary<string, double> { ["overall"] = 1 });
        var trend = (await history.GetTrendsAsync("p", "t", window: 3)).ShouldHaveSingleItem();
        (trend.Latest, trend.Previous, trend.Count).ShouldBe((0.5, (double?)0.4, 3));
        trend.Average.ShouldBe(0.4, 1e-12);
        (await history.GetTrendsAsync("nope", "t")).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecordingARunAgain_ReplacesItsValues_KeepsItsPlace()
    {
        var history = await NewAsync();
        await history.RecordAsync("p", "t", "r1", new Dictionary<string, double> { ["overall"] = 0.1, ["old"] = 1 });
        await history.RecordAsync("p", "t", "r2", new Dictionary<string, double> { ["overall"] = 0.2 });
        await history.RecordAsync("p", "t", "r1", new Dictionary<string, double> { ["overall"] = 0.3 });

        var trends = await history.GetTrendsAsync("p", "t");
        var overall = trends.ShouldHaveSingleItem();
        (overall.LatestRunId, overall.Latest, overall.Previous).ShouldBe(("r2", 0.2, (double?)0.3));
        (await history.GetSeriesAsync("p", "t", "overall")).Select(p => (p.RunId, p.Value)).ShouldBe([("r1", 0.3), ("r2", 0.2)]);
    }

    [Fact]
    public async Task Series_IsOldestFirst_LimitedToTheLastValues_WithTheRecordingTime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var history = await NewAsync(clock);
        for (var i = 1; i <= 4; i++)
        {
            await history.RecordAsync("p", "t", $"r{i}", new Dictionary<string, double> { ["overall"] = i, ["other"] = -i });
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var series = await history.GetSeriesAsync("p", "t", "overall", limit: 2);

        series.Select(p => (p.RunId, p.Value)).ShouldBe([("r3", 3.0), ("r4", 4.0)]);
        series[1].RecordedAt.ShouldBe(new DateTimeOffset(2026, 3, 1, 12, 3, 0, TimeSpan.Zero));
        (await history.GetSeriesAsync("p", "t", "missing")).ShouldBeEmpty();
    }

    [Fact]
    public async Task NonFiniteValue_IsRejected_AndNothingIsStored()
    {
        var history = await NewAsync();
        await Should.ThrowAsync<ArgumentException>(() => history.RecordAsync("p", "t", "r", new Dictionary<string, double> { ["x"] = double.NaN, ["y"] = 1 }));
        (await history.GetTrendsAsync("p", "t")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Window_BelowOne_IsRejected()
    {
        var history = await NewAsync();
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => history.GetTrendsAsync("p", "t", window: 0));
    }
}
