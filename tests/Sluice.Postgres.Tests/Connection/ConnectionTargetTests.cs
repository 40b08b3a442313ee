using Sluice.Postgres.Connection;

namespace Sluice.Postgres.Tests.Connection;

public sealed class ConnectionTargetTests
{
    [Fact]
    public void Parse_NoTimeoutGiven_UsesTheShortDefault()
    {
        var t = ConnectionTarget.Parse("Host=db;Database=sluice", TimeSpan.FromSeconds(5));
        t.Builder.Timeout.ShouldBe(5);
        t.Builder.ApplicationName.ShouldBe("sluice");
    }

    [Theory]
    [InlineData("Host=db;Timeout=42")]
    [InlineData("host=db;timeout=42")]
    public void Parse_TimeoutGiven_KeepsIt(string cs) =>
        ConnectionTarget.Parse(cs, TimeSpan.FromSeconds(5)).Builder.Timeout.ShouldBe(42);

    [Fact]
    public void ToString_NamesEndpointDatabaseAndUser_NotThePassword()
    {
        var text = ConnectionTarget.Parse("Host=db.example;Port=6543;Database=state;Username=bob;Password=hunter2", TimeSpan.FromSeconds(5)).ToString();
        text.ShouldBe("db.example:6543/state (user bob)");
    }
}
