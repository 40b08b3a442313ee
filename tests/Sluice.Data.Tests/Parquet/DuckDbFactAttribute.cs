namespace Sluice.Data.Tests.Parquet;

/// <summary>
/// A fact that needs DuckDB through Node.js (<c>npm install --prefix tests/interop</c>). When node or the packages are
/// missing the test is skipped with the reason — unless <c>CI=true</c>, where it runs and fails, so CI can never pass
/// without the interop check.
/// </summary>
public sealed class DuckDbFactAttribute : FactAttribute
{
    public DuckDbFactAttribute()
    {
        if (DuckDb.MissingReason is { } reason && !IsCi)
        {
            Skip = $"{reason} With CI=true this test fails instead.";
        }
    }

    internal static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
