using Sluice.Cli.Tests.Testing;
using Sluice.S3.Tests;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>examples/orders-etl</c> with its sources, its target and its artifacts on a local S3-compatible server.</summary>
public sealed class ObjectStorageCliTests(S3Server server) : IClassFixture<S3Server>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [S3Fact]
    public async Task OrdersEtl_SourcesAndTargetOnS3_GivesTheSameResultAndFileAsLocalFiles()
    {
        var example = Path.Combine(SluiceCli.RepoRoot, "examples", "orders-etl");
        using var store = server.CreateStore();
        var raw = $"s3://{S3Server.Bucket}/raw-{Guid.NewGuid():N}";
        foreach (var name in new[] { "orders.csv", "customers.csv" })
        {
            await store.UploadAsync(Path.Combine(example, "sample", name), $"{raw}/{name}");
        }
        var processed = $"s3://{S3Server.Bucket}/processed-{Guid.NewGuid():N}";

        var local = await SluiceCli.RunAsync(_dir.Path, "run", Path.Combine(example, "pipeline.yaml"), "--store", "local.db",
            "--input", $"data_dir={Path.Combine(example, "sample")}", "--input", $"out_dir={_dir.File("out")}");
        var remote = await SluiceCli.RunAsync(_dir.Path, server.Environment, "run", Path.Combine(example, "pipeline.yaml"), "--store", "s3.db",
            "--input", $"data_dir={raw}", "--input", $"out_dir={processed}");

        local.ExitCode.ShouldBe(0, local.ToString());
        remote.ExitCode.ShouldBe(0, remote.ToString());
        remote.Stdout.ShouldBe(local.Stdout);
        var agg = _dir.File("agg-from-s3.csv");
        await store.DownloadAsync($"{processed}/agg.csv", agg);
        (await File.ReadAllTextAsync(agg)).ShouldBe(await File.ReadAllTextAsync(_dir.File("out/agg.csv")));
    }

    [S3Fact]
    public async Task PartitionedExportToS3_ReadsBackWithPartitionColumns_AndThePartitionFilter()
    {
        var root = $"s3://{S3Server.Bucket}/lake-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(_dir.File("orders.csv"), "id,region,amount\n1,EU,10\n2,US,20\n3,EU,30\n4,APAC,40\n");
        await File.WriteAllTextAsync(_dir.File("p.yaml"), $$$"""
            id: s3_partitions
            tasks:
              - id: export
                action: export_to_targets
                parameters:
                  data: orders.csv
                  targets: [{path: "{{{root}}}/orders", format: parquet, partition_by: [region]}]
                outputs: [export_locations]
              - id: eu
                action: apply_transformations
                dependencies: [export]
                parameters:
                  data: {path: "{{{root}}}/orders/", format: parquet}
                  transformations:
                    - filter: "region == 'EU'"
                    - sort: [id]
                outputs: [transformed_data, transformation_log]
            result:
              rows_in: "{{ eu.transformation_log.rows_in }}"
              rows: "{{ eu.transformed_data.rows }}"
              files: "{{ len(export.export_locations) }}"
            """);

        var result = await SluiceCli.RunAsync(_dir.Path, server.Environment, "run", "p.yaml", "--store", "s3.db");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("""{"rows_in":2,"rows":2,"files":3}""");
        using var store = server.CreateStore();
        (await store.ListAsync(root + "/")).Select(static o => o.Uri[(o.Uri.IndexOf("/orders/", StringComparison.Ordinal) + 8)..])
            .ShouldBe(["region=APAC/part-00000.parquet", "region=EU/part-00000.parquet", "region=US/part-00000.parquet"]);
    }

    [S3Fact]
    public async Task MissingObject_FailsTheTaskNamingTheUri()
    {
        var example = Path.Combine(SluiceCli.RepoRoot, "examples", "orders-etl");
        var missing = $"s3://{S3Server.Bucket}/nothing-{Guid.NewGuid():N}";
        var result = await SluiceCli.RunAsync(_dir.Path, server.Environment, "run", Path.Combine(example, "pipeline.yaml"), "--store", "s3.db",
            "--input", $"data_dir={missing}", "--input", $"out_dir={_dir.File("out")}");

        result.ExitCode.ShouldNotBe(0);
        result.StderrText.ShouldContain($"'{missing}/orders.csv' does not exist");
    }
}
