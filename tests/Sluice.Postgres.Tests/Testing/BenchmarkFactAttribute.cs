namespace Sluice.Postgres.Tests.Testing;

/// <summary>A measurement, not a check: skipped unless <c>SLUICE_BENCH=1</c>. Also tagged <c>Category=Benchmark</c>.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SLUICE_BENCH") != "1")
        {
            Skip = "Benchmark: run with SLUICE_BENCH=1 (dotnet test --filter Category=Benchmark).";
        }
    }
}
