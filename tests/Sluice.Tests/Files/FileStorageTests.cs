using Sluice.Diagnostics;
using Sluice.Files;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Files;

public sealed class FileStorageTests
{
    [Theory]
    [InlineData("s3://bucket/key.csv", true)]
    [InlineData("gs://bucket/key.csv", true)]
    [InlineData("https://example.com/a.json", false)]
    [InlineData("file:///tmp/a.csv", false)]
    [InlineData("postgres://user@db:5432/sales#orders", false)]
    [InlineData("/tmp/a.csv", false)]
    [InlineData("data/a:b.csv", false)]
    [InlineData("C://weird", false)]
    public void IsRemote_OnlyForObjectStoreUris(string path, bool remote) => FileStorage.IsRemote(path).ShouldBe(remote);

    [Fact]
    public async Task WithoutObjectStores_ARemotePathFailsSayingSo_AndLocalPathsPassThrough()
    {
        var ex = await Should.ThrowAsync<SluiceException>(() => FileStorage.Local.LocalizeAsync("s3://bucket/a.csv"));
        ex.Message.ShouldContain("'s3://bucket/a.csv' is in an object store, but this host has none configured");
        (await FileStorage.Local.LocalizeAsync("/tmp/a.csv")).ShouldBe("/tmp/a.csv");
    }

    [Fact]
    public async Task PublishArtifact_WithoutAnArtifactStore_KeepsTheLocalPath()
    {
        using var dir = new TempDirectory();
        var storage = new FileStorage([], dir.File("cache"));
        (await storage.PublishArtifactAsync(dir.File("run/task/attempt-1/data.csv"))).ShouldBe(dir.File("run/task/attempt-1/data.csv"));
        Should.Throw<ArgumentException>(() => new FileStorage([], dir.File("cache"), artifactStore: dir.File("not-a-uri"), localArtifactRoot: dir.Path));
    }
}
