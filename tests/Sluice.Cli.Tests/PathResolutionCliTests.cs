using Sluice.Cli.Tests.Testing;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// Paths written in a pipeline file are relative to its folder; paths given on the command line (<c>type: path</c>
/// inputs) to the current directory; a missing file names the absolute path looked for.
/// </summary>
public sealed class PathResolutionCliTests : IDisposable
{
    //  temp/
    //    project/pipeline.yaml, project/data/orders.csv   (the pipeline and its data)
    //    elsewhere/                                       (where sluice is started)
    //    elsewhere/mine/orders.csv                        (data named on the command line)
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Pipeline()
    {
        Directory.CreateDirectory(_dir.File("project/data"));
        Directory.CreateDirectory(_dir.File("elsewhere/mine"));
        File.WriteAllText(_dir.File("project/data/orders.csv"), "id,amount\n1,2.5\n2,3.5\n");
        File.WriteAllText(_dir.File("elsewhere/mine/orders.csv"), "id,amount\n1,2.5\n2,3.5\n3,4.5\n");
        var path = _dir.File("project/pipeline.yaml");
        File.WriteAllText(path, """
            id: relative
            inputs:
              data_dir: {type: path, default: data}
            tasks:
              - id: ingest
                action: ingest_from_sources
                parameters: {source: "{{ inputs.data_dir }}/orders.csv"}
                outputs: [raw_data]
              - id: export
                action: export_to_targets
                dependencies: [ingest]
                parameters:
                  data: "{{ ingest.raw_data }}"
                  targets: [{path: out/orders.csv}]
            """);
        return path;
    }

    [Fact]
    public async Task Run_FromAnotherFolder_ReadsAndWritesRelativeToThePipelineFile()
    {
        var run = await SluiceCli.RunAsync(_dir.File("elsewhere"), "run", Pipeline());

        run.ExitCode.ShouldBe(0, run.ToString());
        File.ReadAllText(_dir.File("project/out/orders.csv")).ShouldBe("id,amount\n1,2.5\n2,3.5\n");
        File.Exists(_dir.File("elsewhere/out/orders.csv")).ShouldBeFalse();
    }

    [Fact]
    public async Task Run_PathInputOnTheCommandLine_IsRelativeToTheCurrentDirectory()
    {
        var run = await SluiceCli.RunAsync(_dir.File("elsewhere"), "run", Pipeline(), "--input", "data_dir=mine");

        run.ExitCode.ShouldBe(0, run.ToString());
        File.ReadAllText(_dir.File("project/out/orders.csv")).ShouldBe("id,amount\n1,2.5\n2,3.5\n3,4.5\n");
    }

    [Fact]
    public async Task Run_MissingFile_NamesTheAbsolutePathLookedFor()
    {
        var pipeline = Pipeline();
        File.Delete(_dir.File("project/data/orders.csv"));

        var run = await SluiceCli.RunAsync(_dir.File("elsewhere"), "run", pipeline);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.StderrText.ShouldContain($"'data/orders.csv' does not exist (looked for {_dir.File("project/data/orders.csv")})");
    }
}
