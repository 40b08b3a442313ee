using Sluice.Files;
using Sluice.State;

namespace Sluice.DataActions.Tests.Common;

/// <summary>Data actions under a confined <see cref="PathPolicy"/>: each way of reaching a file outside the allowed folders is refused.</summary>
public sealed class FileConfinementTests : IAsyncDisposable
{
    //  $ROOT/
    //    work/         read and write
    //      in.csv
    //      escape -> ../outside
    //    ref/          read only
    //      ref.csv
    //    outside/      not allowed
    //      secret.csv
    //    artifacts/    read and write (the run's artifacts)
    private readonly DataPipelineHarness _h = new();

    public FileConfinementTests()
    {
        _h.Write("work/in.csv", "id,v\n1,a\n2,b\n");
        _h.Write("ref/ref.csv", "id,v\n1,a\n");
        _h.Write("outside/secret.csv", "id,v\n1,secret\n");
        Directory.CreateSymbolicLink(_h.File("work/escape"), "../outside");
        _h.Files = PathPolicy.Confined([new AllowedPath(_h.File("work"), true), new AllowedPath(_h.File("ref"), false), new AllowedPath(_h.ArtifactRoot, true)]);
    }

    private async Task<string> FailureOfAsync(string yaml, string task)
    {
        var outcome = await _h.RunAsync(_h.Load(yaml));
        outcome.State.ShouldBe(RunState.Failed);
        return await _h.ErrorOfAsync(outcome, task);
    }

    [Fact]
    public async Task Ingest_OfASystemFile_IsRefused_NamingThePathAndHowToAllowIt()
    {
        var error = await FailureOfAsync("""
            id: p
            tasks:
              - id: read
                action: ingest_from_sources
                parameters: {source: /etc/passwd, format: csv}
            """, "read");

        error.ShouldContain("source: reading '/etc/passwd' is not allowed: it is outside the allowed folders (" + _h.File("work"));
        error.ShouldContain("--allow-path /etc");
    }

    [Fact]
    public async Task Ingest_ThroughALinkLeadingOut_IsRefused()
    {
        var error = await FailureOfAsync("""
            id: p
            tasks:
              - id: read
                action: ingest_from_sources
                parameters: {source: "$ROOT/work/escape/secret.csv"}
            """, "read");

        error.ShouldContain("resolved to '" + _h.File("outside/secret.csv") + "'");
    }

    [Fact]
    public async Task Export_WithDotDotOutOfTheRoot_IsRefused_AndWritesNothing()
    {
        var error = await FailureOfAsync("""
            id: p
            tasks:
              - id: read
                action: ingest_from_sources
                parameters: {source: "$ROOT/work/in.csv"}
                outputs: [raw_data]
              - id: save
                action: export_to_targets
                dependencies: [read]
                parameters:
                  data: "{{ read.raw_data }}"
                  targets: ["$ROOT/work/ok.csv", "$ROOT/work/../outside/stolen.csv"]
            """, "save");

        error.ShouldContain("targets[1]: writing '");
        error.ShouldContain("outside/stolen.csv");
        File.Exists(_h.File("outside/stolen.csv")).ShouldBeFalse();
    }

    [Fact]
    public async Task AReadOnlyFolder_CanBeRead_ButNotWritten()
    {
        var error = await FailureOfAsync("""
            id: p
            tasks:
              - id: read
                action: ingest_from_sources
                parameters: {source: "$ROOT/ref/ref.csv"}
                outputs: [raw_data]
              - id: save
                action: export_to_targets
                dependencies: [read]
                parameters:
                  data: "{{ read.raw_data }}"
                  targets: "$ROOT/ref/copy.csv"
            """, "save");

        error.ShouldContain("is allowed for reading only");
        File.Exists(_h.File("ref/copy.csv")).ShouldBeFalse();
    }

    [Fact]
    public async Task AllowedFiles_FlowThroughIngestTransformAndExport()
    {
        var outcome = await _h.RunAsync(_h.Load("""
            id: p
            tasks:
              - id: read
                action: ingest_from_sources
                parameters: {source: "$ROOT/work/in.csv", materialize: true}
                outputs: [raw_data]
              - id: shape
                action: apply_transformations
                dependencies: [read]
                parameters:
                  data: "{{ read.raw_data }}"
                  transformations: [{filter: "id > 1"}]
                outputs: [transformed_data]
              - id: save
                action: export_to_targets
                dependencies: [shape]
                parameters:
                  data: "{{ shape.transformed_data }}"
                  targets: "$ROOT/work/out/result.csv"
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
        File.ReadAllText(_h.File("work/out/result.csv")).ShouldBe("id,v\n2,b\n");
    }

    [Fact]
    public async Task Scan_OfAFolderOutside_AndOfALinkInsideLeadingOut_AreRefused()
    {
        var outsideFolder = await FailureOfAsync("""
            id: p
            tasks:
              - id: scan
                action: scan_data_sources
                parameters: {sources: ["$ROOT/outside"]}
            """, "scan");
        File.CreateSymbolicLink(_h.File("work/linked.csv"), _h.File("outside/secret.csv"));
        var linkInside = await FailureOfAsync("""
            id: p
            tasks:
              - id: scan
                action: scan_data_sources
                parameters: {sources: ["$ROOT/work"]}
            """, "scan");

        outsideFolder.ShouldContain("sources: reading '" + _h.File("outside") + "' is not allowed");
        linkInside.ShouldContain("resolved to '" + _h.File("outside/secret.csv") + "'");
    }

    [Fact]
    public async Task Quality_AndSchemaValidation_ReadOnlyAllowedFiles()
    {
        _h.Write("outside/schema.yaml", "id: {type: int64}\n");
        var quality = await FailureOfAsync("""
            id: p
            tasks:
              - id: q
                action: analyze_data_quality
                parameters: {data: "$ROOT/outside/secret.csv", checks: ["missing_percent(v) < 1"]}
            """, "q");
        var schema = await FailureOfAsync("""
            id: p
            tasks:
              - id: v
                action: validate_data_schema
                parameters: {data: "$ROOT/work/in.csv", schema_path: "$ROOT/outside/schema.yaml"}
            """, "v");

        quality.ShouldContain("data: reading '" + _h.File("outside/secret.csv") + "' is not allowed");
        schema.ShouldContain("schema_path: reading '" + _h.File("outside/schema.yaml") + "' is not allowed");
    }

    [Fact]
    public async Task Sql_DatabaseOutside_AndAttachOutside_AreRefused()
    {
        var database = await FailureOfAsync("""
            id: p
            tasks:
              - id: q
                action: sql
                parameters: {database: "$ROOT/outside/x.db", query: "SELECT 1"}
            """, "q");
        var attach = await FailureOfAsync("""
            id: p
            tasks:
              - id: q
                action: sql
                parameters: {database: "$ROOT/work/x.db", query: "ATTACH '$ROOT/outside/y.db' AS other; CREATE TABLE other.t (a)"}
            """, "q");

        var expression = await FailureOfAsync("""
            id: p
            tasks:
              - id: q
                action: sql
                parameters: {database: "$ROOT/work/x.db", query: "ATTACH ('$ROOT/outside/' || 'z.db') AS other; CREATE TABLE other.t (a)"}
            """, "q");

        database.ShouldContain("database: writing '" + _h.File("outside/x.db") + "' is not allowed");
        expression.ShouldContain("ATTACH needs the file name as a string literal");
        File.Exists(_h.File("outside/z.db")).ShouldBeFalse();
        attach.ShouldContain("query: ATTACH: writing '" + _h.File("outside/y.db") + "' is not allowed");
        File.Exists(_h.File("outside/y.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Sql_AttachInsideAnAllowedFolder_Works()
    {
        var outcome = await _h.RunAsync(_h.Load("""
            id: p
            tasks:
              - id: q
                action: sql
                parameters: {database: "$ROOT/work/x.db", query: "ATTACH '$ROOT/work/y.db' AS other; CREATE TABLE other.t (a); INSERT INTO other.t VALUES (1)"}
                outputs: [rows_affected]
            """));

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Error);
    }

    public ValueTask DisposeAsync() => _h.DisposeAsync();
}
