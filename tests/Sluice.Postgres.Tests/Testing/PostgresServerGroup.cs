namespace Sluice.Postgres.Tests.Testing;

/// <summary>Test classes that share one server (each test still gets its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerGroup : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL server";
}
