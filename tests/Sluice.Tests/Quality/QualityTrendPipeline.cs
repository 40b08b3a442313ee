using System.Text.Json;

namespace Sluice.Tests.Quality;

/// <summary>
/// A pipeline whose result is the quality trend of its one <c>analyze_data_quality</c> task, and two data files
/// (completeness 0.5, then 1.0): shared source for the tests that run it under each host (serve, worker, run).
/// </summary>
public static class QualityTrendPipeline
{
    public const string Yaml = """
        id: checked
        inputs:
          data: {type: string}
        tasks:
          - id: quality
            action: analyze_data_quality
            parameters:
              data: "{{ inputs.data }}"
              checks: ["missing_count(category) = 0"]
            outputs: [trend]
        result: {trend: "{{ quality.trend }}"}
        """;

    /// <summary>Half of the categories missing: completeness 0.5.</summary>
    public const string HalfCsv = "id,category\n1,A\n2,\n3,B\n4,\n";

    /// <summary>No category missing: completeness 1.0.</summary>
    public const string FullCsv = "id,category\n1,A\n2,B\n3,B\n4,C\n";

    /// <summary>Writes both data files into <paramref name="folder"/>; returns their paths.</summary>
    public static async Task<(string Half, string Full)> WriteDataAsync(string folder)
    {
        var half = Path.Combine(folder, "half.csv");
        var full = Path.Combine(folder, "full.csv");
        await File.WriteAllTextAsync(half, HalfCsv);
        await File.WriteAllTextAsync(full, FullCsv);
        return (half, full);
    }

    /// <summary>The <c>completeness</c> entry of a run result's trend.</summary>
    public static JsonElement Completeness(JsonElement result) =>
        result.GetProperty("trend").EnumerateArray().Single(t => t.GetProperty("metric").GetString() == "completeness").Clone();

    /// <summary>Checks the trend of the second run: latest 1.0, previous 0.5, over 2 runs.</summary>
    public static void ShouldBeSecondRun(JsonElement completeness)
    {
        completeness.GetProperty("latest").GetDouble().ShouldBe(1.0);
        completeness.GetProperty("previous").GetDouble().ShouldBe(0.5);
        completeness.GetProperty("runs").GetInt32().ShouldBe(2);
    }
}
