using Sluice.Data.Execution;

namespace Sluice.Data.Tests.Execution;

public sealed class MemoryBudgetTests
{
    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("0", 0L)]
    [InlineData("512MB", 512_000_000L)]
    [InlineData("512 mb", 512_000_000L)]
    [InlineData("1.5GB", 1_500_000_000L)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("64KiB", 64L << 10)]
    [InlineData("3kb", 3000L)]
    [InlineData("1TiB", 1L << 40)]
    [InlineData("  100B ", 100L)]
    [InlineData("25%", 250L)]
    [InlineData("12.5%", 125L)]
    [InlineData("100%", 1000L)]
    public void ParseSize_ValidText_GivesBytes(string text, long expected) =>
        MemoryBudget.ParseSize(text, null, availableBytes: 1000).ShouldBe(expected);

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-5MB")]
    [InlineData("5 MBs")]
    [InlineData("5XB")]
    [InlineData("0%")]
    [InlineData("150%")]
    [InlineData("1.2.3GB")]
    [InlineData("99999999999999999999GB")]
    public void ParseSize_InvalidText_NamesSourceAndGivesExamples(string text)
    {
        var ex = Should.Throw<FormatException>(() => MemoryBudget.ParseSize(text, "--memory-limit", availableBytes: 1000));
        ex.Message.ShouldContain("--memory-limit");
        ex.Message.ShouldContain($"'{text}'");
        ex.Message.ShouldContain("512MB");
        ex.Message.ShouldContain("25%");
    }

    [Fact]
    public void ParseSize_Percentage_UsesMemoryDotNetSeesAsAvailable()
    {
        var all = MemoryBudget.ParseSize("100%");
        all.ShouldBe(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        Math.Abs(MemoryBudget.ParseSize("50%") - (all / 2)).ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public void TryReserve_BeyondLimit_RefusesAndTracksPeak()
    {
        var budget = new MemoryBudget(100);
        budget.TryReserve(60).ShouldBeTrue();
        budget.TryReserve(50).ShouldBeFalse();
        budget.TryReserve(40).ShouldBeTrue();
        budget.Reserved.ShouldBe(100);
        budget.Release(70);
        budget.Reserved.ShouldBe(30);
        budget.Reserve(200);
        budget.Reserved.ShouldBe(230);
        budget.PeakReserved.ShouldBe(230);
        budget.TryReserve(1).ShouldBeFalse();
    }

    [Fact]
    public void TryReserve_ManyThreads_NeverExceedsLimit()
    {
        var budget = new MemoryBudget(1000);
        Parallel.For(0, 10_000, _ =>
        {
            if (budget.TryReserve(7))
            {
                budget.Reserved.ShouldBeLessThanOrEqualTo(1000);
                budget.Release(7);
            }
        });
        budget.Reserved.ShouldBe(0);
        budget.PeakReserved.ShouldBeLessThanOrEqualTo(1000);
    }

    [Fact]
    public void Constructor_Defaults_SpillToTempFolder()
    {
        new MemoryBudget(5).SpillDirectory.ShouldBe(Path.GetTempPath());
        new MemoryBudget(0).TryReserve(1).ShouldBeFalse();
        new MemoryBudget(0).TryReserve(0).ShouldBeTrue();
        MemoryBudget.Default.Limit.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void ConfigureDefault_OnceInUse_AcceptsOnlyTheSameLimit()
    {
        var limit = MemoryBudget.Default.Limit;
        MemoryBudget.ConfigureDefault(limit);
        MemoryBudget.Default.Limit.ShouldBe(limit);
        Should.Throw<InvalidOperationException>(() => MemoryBudget.ConfigureDefault(limit + 1)).Message.ShouldContain("in use already");
    }
}
