using Sluice.Diagnostics;
using Sluice.Postgres.Tests.Testing;
using Sluice.Stores;

namespace Sluice.Postgres.Tests;

[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresStoreTests(PostgresFixture server)
{
    [Theory]
    [InlineData("Host=localhost;Database=sluice", true)]
    [InlineData("server=db;port=5433", true)]
    [InlineData(".sluice/sluice.db", false)]
    [InlineData("C:\\state\\a=b.db", false)]
    [InlineData("Database=x", false)]
    [InlineData("", false)]
    public void IsConnectionString_TellsConnectionStringsFromPaths(string value, bool expected) =>
        PostgresStore.IsConnectionString(value).ShouldBe(expected);

    [Fact]
    public async Task Open_NothingListening_FailsNamingTheServerWithoutThePassword()
    {
        var ex = await Should.ThrowAsync<SluiceException>(() => PostgresStore.OpenAsync("Host=127.0.0.1;Port=1;Database=x;Password=hunter2"));
        ex.Message.ShouldContain("127.0.0.1:1/x");
        ex.Message.ShouldNotContain("hunter2");
    }

    [Fact]
    public async Task Open_GivesEveryPartOnOneDatabase_AndTheDefaultArtifactRoot()
    {
        var db = await server.CreateDatabaseAsync();
        await using var store = await PostgresStore.OpenAsync(db);

        store.Description.ShouldStartWith("PostgreSQL ");
        store.ArtifactRoot.ShouldBe(Path.GetFullPath(Path.Combine(".sluice", "artifacts")));
        await store.Schedules.InitializeAsync();
        (await store.Schedules.RegisterTriggerAsync("p", 0, DateTimeOffset.UnixEpoch)).PipelineId.ShouldBe("p");
        await store.QualityHistory.RecordAsync("p", "t", "r1", new Dictionary<string, double> { ["overall"] = 1 });

        // A second opening (another process) sees what the first wrote through each part.
        await using var other = await PostgresStore.OpenAsync(db, new SluiceStoreOptions { ArtifactRoot = "/shared/artifacts" });
        other.ArtifactRoot.ShouldBe("/shared/artifacts");
        (await other.Schedules.GetCursorAsync("p", 0)).ShouldNotBeNull();
        (await other.QualityHistory.GetTrendsAsync("p", "t")).ShouldHaveSingleItem().Latest.ShouldBe(1);
    }
}
