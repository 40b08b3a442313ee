namespace Sluice.Data.Tests.Parquet;

/// <summary>The theory form of <see cref="DuckDbFactAttribute"/>: skipped without DuckDB unless <c>CI=true</c>.</summary>
public sealed class DuckDbTheoryAttribute : TheoryAttribute
{
    public DuckDbTheoryAttribute()
    {
        if (DuckDb.MissingReason is { } reason && !DuckDbFactAttribute.IsCi)
        {
            Skip = $"{reason} With CI=true this test fails instead.";
        }
    }
}
