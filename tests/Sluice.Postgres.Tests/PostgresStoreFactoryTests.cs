using Sluice.Postgres.State;

namespace Sluice.Postgres.Tests;

public sealed class PostgresStoreFactoryTests
{
    [Theory]
    [InlineData("Host=localhost;Database=sluice", true)]
    [InlineData("server=db;port=5433", true)]
    [InlineData(".sluice/sluice.db", false)]
    [InlineData("C:\\state\\a=b.db", false)]
    [InlineData("Database=x", false)]
    [InlineData("", false)]
    public void IsConnectionString_TellsConnectionStringsFromPaths(string value, bool expected) =>
        PostgresStoreFactory.IsConnectionString(value).ShouldBe(expected);

    [Fact]
    public async Task Create_ReturnsAPostgresStore()
    {
        await using var store = PostgresStoreFactory.Create("Host=127.0.0.1;Database=x", log: null);
        store.ShouldBeOfType<PostgresStateStore>().Description.ShouldBe("127.0.0.1:5432/x (user (current user))");
    }
}
