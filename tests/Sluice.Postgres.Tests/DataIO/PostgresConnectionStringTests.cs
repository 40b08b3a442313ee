using Npgsql;
using Sluice.Diagnostics;
using Sluice.Postgres.DataIO;

namespace Sluice.Postgres.Tests.DataIO;

public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("Host=db;Database=shop", true)]
    [InlineData("postgres://etl@db/shop", true)]
    [InlineData("postgresql://db", true)]
    [InlineData("data/shop.db", false)]
    [InlineData("Data Source=shop.db", false)]
    public void Accepts_KeyValueWithHostAndUris_NotFiles(string value, bool expected) =>
        PostgresConnectionString.Accepts(value).ShouldBe(expected);

    [Fact]
    public void Parse_Uri_DecodesEveryPart_AndDescribeLeavesThePasswordOut()
    {
        var target = PostgresConnectionString.Parse("postgres://etl%40corp:p%3Bw%20d@db.example:6543/sales%20db?sslmode=disable&application_name=nightly");

        target.Builder.Username.ShouldBe("etl@corp");
        target.Builder.Password.ShouldBe("p;w d");
        target.Builder.Host.ShouldBe("db.example");
        target.Builder.Port.ShouldBe(6543);
        target.Builder.Database.ShouldBe("sales db");
        target.Builder.SslMode.ShouldBe(SslMode.Disable);
        target.Builder.ApplicationName.ShouldBe("nightly");
        PostgresConnectionString.Describe(target).ShouldBe("postgres://etl@corp@db.example:6543/sales db");
    }

    [Fact]
    public void WithoutPassword_DropsIt_AndParsingTheResultInThisProcessRestoresIt()
    {
        var target = PostgresConnectionString.Parse("Host=db;Database=restore_test;Username=etl;Password=s3cret");

        var stored = PostgresConnectionString.WithoutPassword(target);

        stored.ShouldNotContain("s3cret");
        PostgresConnectionString.Parse(stored).Builder.Password.ShouldBe("s3cret");
    }

    [Fact]
    public void Parse_UnknownUriOption_NamesItWithoutQuotingThePassword()
    {
        var ex = Should.Throw<SluiceException>(() => PostgresConnectionString.Parse("postgres://etl:hunter2@db/shop?frobnicate=1"));

        ex.Message.ShouldContain("'frobnicate'");
        ex.Message.ShouldNotContain("hunter2");
    }
}
