using Sluice.Postgres.Tests.Testing;
using Sluice.S3.Tests;
using Sluice.Tests.Testing;

namespace Sluice.Postgres.Tests.Distributed;

/// <summary>
/// Two <c>sluice worker</c> processes in separate folders (no shared file system between them) run
/// <c>examples/orders-etl</c> distributed on PostgreSQL, with sources, target and artifact store on a local S3 server.
/// </summary>
[RequiresPostgres]
[Collection(PostgresServerGroup.Name)]
public sealed class S3ArtifactStoreTests(PostgresFixture server, S3Server s3) : IClassFixture<S3Server>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [S3Fact]
    public async Task TwoWorkers_WithoutASharedFolder_HandArtifactsOverThroughTheArtifactStore()
    {
        // ingest_orders ─┐
        //                ├─► transform ──► export         worker A serves queue 'default' (ingest, transform),
        // ingest_customers┘                               worker B only queue 'export': it must read transform's artifact from S3.
        var example = Path.Combine(RepoRoot(), "examples", "orders-etl");
        var yaml = (await File.ReadAllTextAsync(Path.Combine(example, "pipeline.yaml")))
            .Replace("  - id: export\n    action: export_to_targets\n", "  - id: export\n    action: export_to_targets\n    pool: export\n", StringComparison.Ordinal);
        yaml.ShouldContain("pool: export");
        var pipeline = _dir.File("pipeline.yaml");
        await File.WriteAllTextAsync(pipeline, yaml);
        using var store = s3.CreateStore();
        var run = Guid.NewGuid().ToString("N");
        var raw = $"s3://{S3Server.Bucket}/{run}/raw";
        foreach (var name in new[] { "orders.csv", "customers.csv" })
        {
            await store.UploadAsync(Path.Combine(example, "sample", name), $"{raw}/{name}");
        }
        var artifacts = $"s3://{S3Server.Bucket}/{run}/artifacts";
        var processed = $"s3://{S3Server.Bucket}/{run}/processed";

        var local = await SluiceProcess.RunAsync(_dir.Path, "run", pipeline, "--store", _dir.File("local.db"),
            "--input", $"data_dir={Path.Combine(example, "sample")}", "--input", $"out_dir={_dir.File("local-out")}");
        local.ExitCode.ShouldBe(0, local.Output);

        var connectionString = await server.CreateDatabaseAsync();
        var folderA = Directory.CreateDirectory(_dir.File("worker-a")).FullName;
        var folderB = Directory.CreateDirectory(_dir.File("worker-b")).FullName;
        var allow = $"s3://{S3Server.Bucket}/{run}/";
        using var workerA = WorkerProcess.Start(connectionString, folderA, s3.Environment, "--queue", "default", "--artifacts", artifacts, "--allow-path", allow);
        using var workerB = WorkerProcess.Start(connectionString, folderB, s3.Environment, "--queue", "export", "--artifacts", artifacts, "--allow-path", allow);
        try
        {
            var distributed = await SluiceProcess.RunAsync(s3.Environment, _dir.Path, "run", pipeline, "--distributed", "--store", connectionString,
                "--input", $"data_dir={raw}", "--input", $"out_dir={processed}");

            distributed.ExitCode.ShouldBe(0, $"{distributed.Output}\n--- worker A\n{workerA.Output}\n--- worker B\n{workerB.Output}");
            var agg = _dir.File("agg-from-s3.csv");
            await store.DownloadAsync($"{processed}/agg.csv", agg);
            (await File.ReadAllTextAsync(agg)).ShouldBe(await File.ReadAllTextAsync(_dir.File("local-out/agg.csv")));

            // Worker A wrote transform's output and published it; worker B never saw A's folder and fetched it from the store.
            var published = await store.ListAsync(artifacts + "/");
            published.Select(static o => o.Name).ShouldContain("transformed_data.arrow");
            Directory.GetFiles(folderA, "transformed_data.arrow", SearchOption.AllDirectories).ShouldNotBeEmpty();
            var fetched = Directory.GetFiles(folderB, "transformed_data.arrow", SearchOption.AllDirectories);
            fetched.ShouldNotBeEmpty(workerB.Output);
            fetched.ShouldAllBe(static f => f.Contains($"{Path.DirectorySeparatorChar}.objects{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        }
        finally
        {
            await workerA.StopAsync(TimeSpan.FromSeconds(30));
            await workerB.StopAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
