namespace Sluice.S3.Tests;

/// <summary>
/// A fact that needs the local S3-compatible server (node and <c>npm install --prefix tests/interop</c>). Without them
/// the test is skipped with the reason — unless <c>CI=true</c>, where it runs and fails. Shared source, as <see cref="S3Server"/>.
/// </summary>
public sealed class S3FactAttribute : FactAttribute
{
    public S3FactAttribute()
    {
        if (S3Server.MissingReason is { } reason && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"{reason} With CI=true this test fails instead.";
        }
    }
}
