using Sluice.Actions;
using Sluice.DataActions.IO;
using Sluice.DataActions.Quality;
using Sluice.Datasets;
using Sluice.Definition;
using Sluice.Diagnostics;
using Sluice.Tests.Testing;

using Sluice.DataActions.Tests.Testing;

namespace Sluice.DataActions.Tests.Quality;

public sealed class ValidateDataSchemaActionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<string> _log = [];

    private sealed class ListLog(List<string> lines) : ITaskLog
    {
        public void Write(string stream, string line) => lines.Add(line);
    }

    private string SeedCsv()
    {
        var path = _dir.File("seed.csv");
        File.WriteAllText(path, "id,value,date\n1,100,2024-01-01\n2,-50,2024-01-02\n,200,invalid\n4,invalid,2024-01-04\n5,7,2024-01-05\n");
        return path;
    }

    private string SchemaFile()
    {
        var path = _dir.File("schema.yaml");
        File.WriteAllText(path, """
            id: {type: integer, nullable: false}
            value: {type: numeric, min: 0}
            date: {type: date, format: "%Y-%m-%d"}
            """);
        return path;
    }

    private ActionContext Context(Dictionary<string, object?> parameters) => new()
    {
        RunId = "r1",
        TaskId = "validate",
        Parameters = parameters,
        Log = new ListLog(_log),
        ArtifactDirectory = _dir.File("artifacts"),
    };

    [Fact]
    public async Task Permissive_SeedData_QuarantinesThreeRowsAndPassesTheRest()
    {
        var action = new ValidateDataSchemaAction(new DatasetReader(new TableProviders()));
        var result = await action.ExecuteAsync(Context(new() { ["data"] = SeedCsv(), ["schema_path"] = SchemaFile(), ["validation_mode"] = "permissive" }), default);

        result.Outputs["is_valid"].ShouldBe(false);
        ((object?[])result.Outputs["schema_errors"]!).Length.ShouldBe(3);
        ((object?[])result.Outputs["type_errors"]!).Length.ShouldBe(1);
        var valid = (DatasetRef)result.Outputs["valid_data"]!;
        valid.Rows.ShouldBe(2);
        ArtifactFile.ReadAllLines(valid.Path).ShouldBe(["id,value,date", "1,100,2024-01-01", "5,7,2024-01-05"]);
        var quarantine = (DatasetRef)result.Outputs["quarantine"]!;
        quarantine.Rows.ShouldBe(3);
        ArtifactFile.ReadAllText(quarantine.Path).ShouldContain("breaks rule 'min'");
    }

    [Fact]
    public async Task Strict_SeedData_FailsWithTheFirstErrors()
    {
        var action = new ValidateDataSchemaAction(new DatasetReader(new TableProviders()));
        var ex = await Should.ThrowAsync<SluiceException>(async () =>
            await action.ExecuteAsync(Context(new() { ["data"] = SeedCsv(), ["schema_path"] = SchemaFile() }), default));
        ex.IsTransient.ShouldBeFalse();
        ex.Message.ShouldContain("value = '-50' is below the minimum 0");
    }

    [Fact]
    public async Task Auto_HighErrorRate_ChoosesStrictAndLogsWhy()
    {
        var action = new ValidateDataSchemaAction(new DatasetReader(new TableProviders()));
        await Should.ThrowAsync<SluiceException>(async () => await action.ExecuteAsync(Context(new()
        {
            ["data"] = SeedCsv(), ["schema_path"] = SchemaFile(), ["validation_mode"] = new AutoValue("pick"), ["error_threshold"] = 0.05,
        }), default));
        _log.ShouldContain(l => l.StartsWith("validation_mode <AUTO>: strict: error rate 60.00 %", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sources_Permissive_ValidSourcesAreTheValidatedRowsOfEachSource()
    {
        var good = _dir.File("good.csv");
        File.WriteAllText(good, "id,value,date\n1,1,2024-01-01\n");
        var action = new ValidateDataSchemaAction(new DatasetReader(new TableProviders()));
        var result = await action.ExecuteAsync(Context(new()
        {
            ["sources"] = new object?[] { good, SeedCsv() }, ["schema_path"] = SchemaFile(), ["validation_mode"] = "permissive",
        }), default);
        var valid = ((object?[])result.Outputs["valid_sources"]!).Cast<DatasetRef>().ToList();
        valid.Select(static s => s.Rows).ShouldBe([1L, 2L]);
        ArtifactFile.ReadAllLines(valid[1].Path).ShouldBe(["id,value,date", "1,100,2024-01-01", "5,7,2024-01-05"]);
        result.Outputs["compatibility_report"].ShouldBe(result.Outputs["compatibility"]);
        ((IReadOnlyDictionary<string, object?>)((object?[])result.Outputs["compatibility_report"]!)[1]!)["invalid_rows"].ShouldBe(3L);
    }

    [Fact]
    public void ValidateParameters_BadSchemaFile_ReportsFileLineColumn()
    {
        var path = _dir.File("bad.yaml");
        File.WriteAllText(path, "id: {type: integer}\nday: {type: date, format: \"%Y-%q\"}\n");
        var d = ValidateDataSchemaAction.Validate(new Dictionary<string, object?> { ["schema_path"] = path }, _ => SourceLocation.None).ShouldHaveSingleItem();
        d.ToString().ShouldStartWith($"{path}:2:27: error SC006: unknown directive '%q'");
    }

    public void Dispose() => _dir.Dispose();
}
