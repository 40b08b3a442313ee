namespace Sluice.Postgres.Tests.Testing;

/// <summary>
/// Marks a test class that needs a real PostgreSQL server. When the server binaries are missing its
/// tests (including inherited contract tests) are reported as skipped, unless <c>CI=true</c>.
/// See <see cref="PostgresTestFramework"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresPostgresAttribute : Attribute;
