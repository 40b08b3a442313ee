using Microsoft.Data.Sqlite;
using Sluice.State;

namespace Sluice.DataActions.Tests.IO;

/// <summary><c>export_to_targets</c> with <c>mode: merge</c>: upsert by key into a CSV file, a partitioned folder and a SQLite table.</summary>
public sealed class MergeTargetTests : IAsyncLifetime
{
    private readonly DataPipelineHarness _h = new();

    private async Task MergeAsync(string file, string target)
    {
        var outcome = await _h.RunAsync(_h.Load($$$"""
            id: merge
            tasks:
              - id: source
                action: ingest_from_sources
                parameters: {source: "$ROOT/{{{file}}}", materialize: true}
                outputs: [raw_data]
              - id: merge
                action: export_to_targets
                dependencies: [source]
                parameters:
                  data: "{{ source.raw_data }}"
                  targets: [{{{target}}}]
            """));
        outcome.State.ShouldBe(RunState.Succeeded, await _h.ErrorOfAsync(outcome, "merge"));
    }

    private static string[] Sorted(string path) => [.. File.ReadAllLines(path).Skip(1).Order(StringComparer.Ordinal)];

    public Task InitializeAsync()
    {
        _h.Write("a.csv", "id,region,note\n1,eu,a\n2,us,b\n2,us,b2\n3,eu,c\n");
        _h.Write("b.csv", "id,region,note\n2,us,changed\n4,us,d\n");
        return Task.CompletedTask;
    }

    [Fact]
    public async Task CsvFile_KeepsOldRowsWithOtherKeys_ReplacesRowsWithTheSameKey()
    {
        await MergeAsync("a.csv", "{path: \"$ROOT/out.csv\", mode: merge, key: id}");
        Sorted(_h.File("out.csv")).ShouldBe(["1,eu,a", "2,us,b2", "3,eu,c"], "the last row of a key in the data wins");
        await MergeAsync("b.csv", "{path: \"$ROOT/out.csv\", mode: merge, key: id}");
        Sorted(_h.File("out.csv")).ShouldBe(["1,eu,a", "2,us,changed", "3,eu,c", "4,us,d"]);
        Directory.GetFiles(_h.Root, ".out.csv*").ShouldBeEmpty("no temporary file is left behind");
    }

    [Fact]
    public async Task PartitionedFolder_ReplacesOnlyTheTouchedPartitions()
    {
        const string Target = "{path: \"$ROOT/parts\", format: csv, partition_by: [region], mode: merge, key: id}";
        await MergeAsync("a.csv", Target);
        var eu = Path.Combine(_h.File("parts"), "region=eu", "part-00000.csv");
        var before = File.GetLastWriteTimeUtc(eu);
        File.SetLastWriteTimeUtc(eu, before.AddHours(-1));

        await MergeAsync("b.csv", Target);

        Sorted(eu).ShouldBe(["1,a", "3,c"]);
        File.GetLastWriteTimeUtc(eu).ShouldBe(before.AddHours(-1), "the eu partition was not touched");
        Sorted(Path.Combine(_h.File("parts"), "region=us", "part-00000.csv")).ShouldBe(["2,changed", "4,d"]);
    }

    [Fact]
    public async Task SqliteTable_UpsertsByKey()
    {
        const string Target = "{path: \"$ROOT/out.db\", table: notes, mode: merge, key: id}";
        await MergeAsync("a.csv", Target);
        await MergeAsync("b.csv", Target);

        using var connection = new SqliteConnection($"Data Source={_h.File("out.db")};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT id || '=' || note FROM notes ORDER BY id";
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }
        rows.ShouldBe(["1=a", "2=changed", "3=c", "4=d"]);
    }

    [Fact]
    public async Task Merge_WithoutKey_FailsAndSaysWhatToAdd()
    {
        var outcome = await _h.RunAsync(_h.Load("""
            id: merge
            tasks:
              - id: merge
                action: export_to_targets
                parameters:
                  data: "$ROOT/a.csv"
                  targets: [{path: "$ROOT/out.csv", mode: merge}]
            """));
        outcome.State.ShouldBe(RunState.Failed);
        (await _h.ErrorOfAsync(outcome, "merge")).ShouldContain("mode merge needs 'key'");
    }

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();
}
