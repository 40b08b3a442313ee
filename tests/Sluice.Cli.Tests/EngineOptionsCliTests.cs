using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>--pool</c> and <c>--memory-limit</c> of <c>sluice run</c>, through the real command.</summary>
public sealed class EngineOptionsCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_PoolLimitOfOne_RunsThePoolsTasksOneAtATime()
    {
        // Each task holds a lock directory while it sleeps; two at once make one of them fail.
        File.WriteAllText(_dir.File("pool.yaml"), """
            id: pooled
            tasks:
              - id: work
                action: shell
                for_each: "{{ [1, 2, 3, 4] }}"
                pool: db
                parameters: {command: "mkdir lock || { echo 'another task holds the lock' >&2; exit 3; }; sleep 1; rmdir lock"}
            """);

        var unlimited = await SluiceCli.RunAsync(_dir.Path, "run", "pool.yaml", "--store", "a.db");
        var limited = await SluiceCli.RunAsync(_dir.Path, "run", "pool.yaml", "--store", "b.db", "--pool", "db=1");

        unlimited.ExitCode.ShouldBe(1, unlimited.ToString());
        unlimited.Stderr.ShouldContain("another task holds the lock");
        limited.ExitCode.ShouldBe(0, limited.ToString());
    }

    [Fact]
    public async Task Run_TinyMemoryLimit_SpillsAndGivesTheSameOutput_BadLimitIsAUsageError()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 5000).Select(i => $"{(i * 7919) % 5000},{(i % 3 == 0 ? "" : (i % 97).ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
        File.WriteAllText(_dir.File("in.csv"), "id,v\n" + rows + "\n");
        File.WriteAllText(_dir.File("sort.yaml"), """
            id: sorter
            inputs:
              out: {type: string}
            tasks:
              - id: load
                action: ingest_from_sources
                parameters: {source: in.csv, schema: {id: int64, v: int64}}
                outputs: [raw_data]
              - id: shape
                action: apply_transformations
                parameters:
                  data: "{{ load.raw_data }}"
                  transformations:
                    - fill: {column: v, strategy: median}
                    - sort: ["-v", id]
                dependencies: [load]
                outputs: [transformed_data]
              - id: save
                action: export_to_targets
                parameters:
                  data: "{{ shape.transformed_data }}"
                  targets: [{path: "{{ inputs.out }}", format: csv}]
                dependencies: [shape]
            """);

        var normal = await SluiceCli.RunAsync(_dir.Path, "run", "sort.yaml", "--store", "a.db", "--input", "out=a.csv");
        var spilled = await SluiceCli.RunAsync(_dir.Path, "run", "sort.yaml", "--store", "b.db", "--input", "out=b.csv", "--memory-limit", "1KB");
        var bad = await SluiceCli.RunAsync(_dir.Path, "run", "sort.yaml", "--store", "c.db", "--input", "out=c.csv", "--memory-limit", "lots");

        normal.ExitCode.ShouldBe(0, normal.ToString());
        spilled.ExitCode.ShouldBe(0, spilled.ToString());
        var expected = File.ReadAllText(_dir.File("a.csv"));
        expected.Split('\n').Length.ShouldBe(5002);
        File.ReadAllText(_dir.File("b.csv")).ShouldBe(expected);
        bad.ExitCode.ShouldBe(2, bad.ToString());
        bad.Stderr.ShouldContain("--memory-limit");
        File.Exists(_dir.File("c.csv")).ShouldBeFalse();
    }

    public void Dispose() => _dir.Dispose();
}
