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
        var remote = await SluiceCli.RunAsync(server.Environment, _dir.Path, "run", Path.Combine(example, "pipeline.yaml"), "--store", "s3.db",
            "--input", $"data_dir={raw}", "--input", $"out_dir={processed}");

        local.ExitCode.ShouldBe(0, local.ToString());
        remote.ExitCode.ShouldBe(0, remote.ToString());
        remote.Stdout.ShouldBe(local.Stdout);
        var agg = _dir.File("agg-from-s3.csv");
        await store.DownloadAsync($"{processed}/agg.csv", agg);
        (await File.ReadAllTextAsync(agg)).ShouldBe(await File.ReadAllTextAsync(_dir.File("out/agg.csv")));
    }

    [S3Fact]
    public async Task MissingObject_FailsTheTaskNamingTheUri()
    {
        var example = Path.Combine(SluiceCli.RepoRoot, "examples", "orders-etl");
        var missing = $"s3://{S3Server.Bucket}/nothing-{Guid.NewGuid():N}";
        var result = await SluiceCli.RunAsync(server.Environment, _dir.Path, "run", Path.Combine(example, "pipeline.yaml"), "--store", "s3.db",
            "--input", $"data_dir={missing}", "--input", $"out_dir={_dir.File("out")}");

        result.ExitCode.ShouldNotBe(0);
        result.StderrText.ShouldContain($"'{missing}/orders.csv' does not exist");
    }
}
