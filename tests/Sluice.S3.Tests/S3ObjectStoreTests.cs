using System.Security.Cryptography;
using Sluice.Diagnostics;
using Sluice.Files;

namespace Sluice.S3.Tests;

public sealed class S3ObjectStoreTests(S3Server server) : IClassFixture<S3Server>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-s3-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [S3Fact]
    public async Task Upload_LargeFile_GoesInPartsAndReadsBackByteForByte()
    {
        // 11 MiB with 5 MiB parts: three parts, so the multipart path (initiate, parts, complete) is the one exercised.
        using var store = server.CreateStore(partSize: 5L << 20);
        var local = Path.Combine(_dir, "big.bin");
        var bytes = new byte[11 << 20];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(local, bytes);
        var uri = $"s3://{S3Server.Bucket}/multipart/big.bin";

        var info = await store.UploadAsync(local, uri);

        info.Size.ShouldBe(bytes.Length);
        var back = Path.Combine(_dir, "back.bin");
        await store.DownloadAsync(uri, back);
        SHA256.HashData(await File.ReadAllBytesAsync(back)).ShouldBe(SHA256.HashData(bytes));
    }

    [S3Fact]
    public async Task Stat_ChangesETagWithContent_AndIsNullForMissingObjects()
    {
        using var store = server.CreateStore();
        var local = Path.Combine(_dir, "a.csv");
        var uri = $"s3://{S3Server.Bucket}/stat/a.csv";
        await File.WriteAllTextAsync(local, "x\n1\n");
        var first = await store.UploadAsync(local, uri);
        await File.WriteAllTextAsync(local, "x\n2\n");
        var second = await store.UploadAsync(local, uri);

        first.ETag.ShouldNotBe(second.ETag);
        (await store.StatAsync(uri))!.ETag.ShouldBe(second.ETag);
        (await store.StatAsync($"s3://{S3Server.Bucket}/stat/missing.csv")).ShouldBeNull();
    }

    [S3Fact]
    public async Task FileStorage_ListsGlobsAndFolders_AndLocalizesOncePerVersion()
    {
        using var store = server.CreateStore();
        var storage = new FileStorage([store], Path.Combine(_dir, "cache"));
        var local = Path.Combine(_dir, "f.csv");
        await File.WriteAllTextAsync(local, "x\n1\n");
        foreach (var key in new[] { "list/a.csv", "list/b.csv", "list/c.json", "list/sub/d.csv" })
        {
            await store.UploadAsync(local, $"s3://{S3Server.Bucket}/{key}");
        }

        (await storage.ListAsync($"s3://{S3Server.Bucket}/list/*.csv", recursive: false)).Select(static o => o.Name).ShouldBe(["a.csv", "b.csv"]);
        (await storage.ListAsync($"s3://{S3Server.Bucket}/list/**.csv", recursive: false)).Select(static o => o.Name).ShouldBe(["a.csv", "b.csv", "d.csv"]);
        (await storage.ListAsync($"s3://{S3Server.Bucket}/list", recursive: false)).Select(static o => o.Name).ShouldBe(["a.csv", "b.csv", "c.json"]);
        (await storage.ListAsync($"s3://{S3Server.Bucket}/list/", recursive: true)).Count.ShouldBe(4);

        var uri = $"s3://{S3Server.Bucket}/list/a.csv";
        var copy = await storage.LocalizeAsync(uri);
        (await File.ReadAllTextAsync(copy)).ShouldBe("x\n1\n");
        (await storage.LocalizeAsync(uri)).ShouldBe(copy);
        await File.WriteAllTextAsync(local, "x\n2\n");
        await store.UploadAsync(local, uri);
        var changed = await storage.LocalizeAsync(uri);
        changed.ShouldNotBe(copy);
        (await File.ReadAllTextAsync(changed)).ShouldBe("x\n2\n");
    }

    [S3Fact]
    public async Task WrongCredentials_FailWithTheObjectAndAHint_NeverTheSecret()
    {
        server.CreateStore().Dispose();
        const string secret = "not-the-secret-0123456789";
        var previous = (Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"), Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "WRONGKEY");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", secret);
        try
        {
            using var store = new S3ObjectStore(new S3StoreOptions { Endpoint = server.Endpoint });
            var ex = await Should.ThrowAsync<SluiceException>(() => store.ListAsync($"s3://{S3Server.Bucket}/"));
            ex.Message.ShouldContain($"s3://{S3Server.Bucket}/");
            ex.Message.ShouldContain("credentials");
            ex.Message.ShouldNotContain(secret);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", previous.Item1);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", previous.Item2);
        }
    }

    [Fact]
    public void Split_RefusesUrisWithoutBucketOrKey()
    {
        S3ObjectStore.Split("s3://b/k/x.csv").ShouldBe(("b", "k/x.csv"));
        Should.Throw<SluiceException>(() => S3ObjectStore.Split("s3://b")).Message.ShouldContain("s3://BUCKET/KEY");
        Should.Throw<SluiceException>(() => S3ObjectStore.Split("/tmp/x"));
    }
}
