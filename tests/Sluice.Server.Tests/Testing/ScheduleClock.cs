using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.Scheduling;

namespace Sluice.Server.Tests.Testing;

/// <summary>
/// Moves a server's fake clock the way real time would: to each instant a timer is due, letting the
/// scheduler act on it before going further (one big jump would look like downtime to the scheduler).
/// </summary>
public static class ScheduleClock
{
    /// <summary>Advances to <paramref name="target"/>, stopping at every scheduled fire of <paramref name="pipeline"/> on the way.</summary>
    public static async Task AdvanceToAsync(ServerHarness server, FakeTimeProvider clock, string pipeline, DateTimeOffset target)
    {
        var host = server.Services.GetRequiredService<ScheduleHost>();
        await host.WaitForIdleAsync();
        while (clock.GetUtcNow() < target)
        {
            var next = host.NextFire(pipeline);
            var step = next is { } n && n <= target ? n : target;
            clock.Advance(step - clock.GetUtcNow());
            await host.WaitForIdleAsync();
        }
    }

    /// <summary>Waits until <paramref name="pipeline"/> has <paramref name="count"/> runs, all finished; returns them oldest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> WaitForFinishedRunsAsync(ServerHarness server, string pipeline, int count, int seconds = 60)
    {
        IReadOnlyList<JsonElement> runs = [];
        await ServerHarness.WaitForAsync<bool>(async () =>
        {
            runs = await server.RunsOfAsync(pipeline);
            return runs.Count >= count && runs.All(static r => r.GetProperty("state").GetString() is "succeeded" or "failed" or "cancelled" or "skipped") ? true : null;
        }, seconds, $"{count} finished runs of {pipeline}");
        return [.. runs.OrderBy(static r => r.GetProperty("run_id").GetString(), StringComparer.Ordinal)];
    }

    public static string[] Ids(IEnumerable<JsonElement> runs) => [.. runs.Select(static r => r.GetProperty("run_id").GetString()!).Order(StringComparer.Ordinal)];
}
