using System.Text.Json;
using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>sluice validate</c> knows the columns along the data flow before anything runs: a column typo in derive,
/// aggregate, sort, join keys and a quality check, reading a literal CSV and an upstream task's output, is each
/// reported at file:line:col with a suggestion; a task whose input is known only at run time is listed.
/// </summary>
public sealed class ValidateSchemaCliTests : IDisposable
{
    //   ingest (orders.csv) ─┬─ derived ── quality
    //                        ├─ sorted
    //                        └─ joined (+ regions.csv)
    //   totals (orders.csv, a literal path)
    //   by_input ({{ inputs.orders }}: known only at run time)
    private const string Pipeline = """
        id: typos
        inputs:
          orders: {type: string, default: orders.csv}
        tasks:
          - id: ingest
            action: ingest_from_sources
            parameters:
              source: orders.csv
          - id: derived
            action: apply_transformations
            dependencies: [ingest]
            parameters:
              data: "{{ ingest.raw_data }}"
              transformations:
                - derive:
                    double: "amout * 2"
          - id: totals
            action: apply_transformations
            parameters:
              data: orders.csv
              transformations:
                - aggregate:
                    by: [region]
                    metrics:
                      revenue: sum(amuont)
          - id: sorted
            action: apply_transformations
            dependencies: [ingest]
            parameters:
              data: "{{ ingest.raw_data }}"
              transformations:
                - sort: [region, "-amont"]
          - id: joined
            action: apply_transformations
            dependencies: [ingest]
            parameters:
              data: "{{ ingest.raw_data }}"
              transformations:
                - join:
                    with: regions.csv
                    on: [regon]
          - id: quality
            action: analyze_data_quality
            dependencies: [ingest]
            parameters:
              data: "{{ ingest.raw_data }}"
              checks:
                - "missing_percent(amout) < 1"
          - id: by_input
            action: apply_transformations
            parameters:
              data: "{{ inputs.orders }}"
              transformations:
                - select: [id]
        """;

    private readonly TempDirectory _dir = new();

    public ValidateSchemaCliTests()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "orders.csv"), "id,region,amount\n1,north,10.5\n2,south,3\n");
        File.WriteAllText(Path.Combine(_dir.Path, "regions.csv"), "region,manager\nnorth,x\nsouth,y\n");
        File.WriteAllText(Path.Combine(_dir.Path, "p.yaml"), Pipeline);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Line and column (1-based) of <paramref name="needle"/> in the pipeline.</summary>
    private static (int Line, int Column) At(string needle)
    {
        var lines = Pipeline.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains(needle, StringComparison.Ordinal));
        line.ShouldBeGreaterThanOrEqualTo(0, needle);
        return (line + 1, lines[line].IndexOf(needle, StringComparison.Ordinal) + 1);
    }

    [Fact]
    public async Task Validate_ColumnTyposAlongTheDataFlow_AreEachLocatedWithASuggestion_AndRunTimeInputsAreListed()
    {
        var result = await SluiceCli.RunAsync(_dir.Path, "validate", "p.yaml", "--json");

        result.ExitCode.ShouldBe(2, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var file = json.RootElement[0];
        file.GetProperty("valid").GetBoolean().ShouldBeFalse();
        var found = file.GetProperty("diagnostics").EnumerateArray()
            .Select(static d => (
                File: d.GetProperty("file").GetString(),
                Line: d.GetProperty("line").GetInt32(),
                Column: d.GetProperty("column").GetInt32(),
                Severity: d.GetProperty("severity").GetString(),
                Text: d.GetProperty("message").GetString() + " " + d.GetProperty("hint").ToString()))
            .ToList();
        (string Needle, string Suggestion)[] expected =
        [
            ("amout * 2", "did you mean 'amount'?"),       // derive, reading an upstream output
            ("amuont", "did you mean 'amount'?"),          // aggregate, reading a literal CSV
            ("-amont", "did you mean 'amount'?"),          // sort
            ("regon", "did you mean 'region'?"),           // join key
            ("amout) < 1", "did you mean 'amount'?"),      // quality check
        ];
        foreach (var (needle, suggestion) in expected)
        {
            var (line, column) = At(needle);
            found.ShouldContain(d => d.File == "p.yaml" && d.Line == line && d.Column == column && d.Severity == "error" && d.Text.Contains(suggestion, StringComparison.Ordinal),
                $"{needle} at p.yaml:{line}:{column}\n{result}");
        }

        found.Count.ShouldBe(expected.Length, result.ToString());
        var skipped = file.GetProperty("unchecked").EnumerateArray().ToList();
        skipped.Select(static u => u.GetProperty("task").GetString()).ShouldBe(["by_input"]);
        skipped[0].GetProperty("reason").GetString()!.ShouldContain("{{ inputs.orders }}");
    }

    [Fact]
    public async Task Validate_ACleanPipelineWithARunTimePath_ExitsZero_AndSaysWhichTasksAreCheckedWhenTheyStart()
    {
        var clean = Pipeline[..Pipeline.IndexOf("  - id: derived", StringComparison.Ordinal)] + Pipeline[Pipeline.IndexOf("  - id: by_input", StringComparison.Ordinal)..];
        File.WriteAllText(Path.Combine(_dir.Path, "clean.yaml"), clean);

        var result = await SluiceCli.RunAsync(_dir.Path, "validate", "clean.yaml");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("not checked before the run: task 'by_input': 'data' is computed at run time ({{ inputs.orders }}) (checked when it starts)");
        result.Stdout.ShouldContain("ok clean.yaml: 2 task(s)");
        result.Stderr.ShouldNotContain("error");
    }
}
