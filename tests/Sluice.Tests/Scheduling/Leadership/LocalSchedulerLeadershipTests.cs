using Sluice.Scheduling.Leadership;

namespace Sluice.Tests.Scheduling.Leadership;

public sealed class LocalSchedulerLeadershipTests
{
    [Fact]
    public async Task TryAcquire_AlwaysLeads_UntilReleased()
    {
        await using var leadership = new LocalSchedulerLeadership();
        leadership.IsLeader.ShouldBeFalse();
        leadership.LeadershipToken.IsCancellationRequested.ShouldBeTrue();

        (await leadership.TryAcquireAsync()).ShouldBeTrue();
        (await leadership.TryAcquireAsync()).ShouldBeTrue();
        var term = leadership.LeadershipToken;
        term.IsCancellationRequested.ShouldBeFalse();
        leadership.IsLeader.ShouldBeTrue();

        await leadership.ReleaseAsync();
        term.IsCancellationRequested.ShouldBeTrue();
        leadership.IsLeader.ShouldBeFalse();
        (await leadership.TryAcquireAsync()).ShouldBeTrue();
        leadership.LeadershipToken.ShouldNotBe(term);
    }
}
