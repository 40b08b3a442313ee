namespace Sluice.Cli.Tests.Testing;

/// <summary>
/// A fact that needs Node.js and tests/interop's packages. Skipped with the reason when they are missing — unless
/// <c>CI=true</c>, where it runs and fails, so CI never passes without the schema check.
/// </summary>
public sealed class OpenLineageFactAttribute : FactAttribute
{
    public OpenLineageFactAttribute()
    {
        if (OpenLineageSchemas.MissingReason is { } reason && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"{reason} With CI=true this test fails instead.";
        }
    }
}
