using Sluice.Diagnostics;
using Sluice.Files;
using Sluice.Tests.Testing;

namespace Sluice.Tests.Files;

public sealed class PathPolicyTests : IDisposable
{
    //  temp/
    //    allowed/        read and write
    //      data.csv
    //      out -> ../outside   (a link leading out)
    //    readonly/       read only
    //    outside/
    //      secret.txt
    private readonly TempDirectory _dir = new();
    private readonly PathPolicy _policy;

    public PathPolicyTests()
    {
        Directory.CreateDirectory(_dir.File("allowed"));
        Directory.CreateDirectory(_dir.File("readonly"));
        Directory.CreateDirectory(_dir.File("outside"));
        File.WriteAllText(_dir.File("allowed/data.csv"), "a\n1\n");
        File.WriteAllText(_dir.File("outside/secret.txt"), "secret");
        Directory.CreateSymbolicLink(_dir.File("allowed/out"), "../outside");
        _policy = PathPolicy.Confined([new AllowedPath(_dir.File("allowed"), true), AllowedPath.Parse(_dir.File("readonly") + ":ro")]);
    }

    [Fact]
    public void FilesInsideAnAllowedFolder_AreAllowed_AndReturnedResolved()
    {
        _policy.CheckRead(_dir.File("allowed/data.csv"), "source").ShouldBe(_dir.File("allowed/data.csv"));
        _policy.CheckWrite(_dir.File("allowed/new/deeper/out.csv"), "targets[0]").ShouldBe(_dir.File("allowed/new/deeper/out.csv"));
        _policy.CheckRead(_dir.File("readonly/x.csv"), "source").ShouldBe(_dir.File("readonly/x.csv"));
        _policy.CheckRead(_dir.File("allowed/../allowed/data.csv"), "source").ShouldBe(_dir.File("allowed/data.csv"));
    }

    [Fact]
    public void ObjectUris_AreAllowedUnderAnAllowedPrefix_WithItsAccess()
    {
        var policy = PathPolicy.Confined([new AllowedPath("s3://lake/processed/", true), AllowedPath.Parse("s3://lake/raw:ro")]);

        policy.CheckRead("s3://lake/raw/orders.csv", "source").ShouldBe("s3://lake/raw/orders.csv");
        policy.CheckWrite("s3://lake/processed/agg.csv", "targets[0]").ShouldBe("s3://lake/processed/agg.csv");
        Should.Throw<SluiceException>(() => policy.CheckWrite("s3://lake/raw/x.csv", "targets[0]")).Message.ShouldContain("'s3://lake/raw' is allowed for reading only");
        // A prefix is a folder: s3://lake/raw does not allow s3://lake/rawdata/.
        var outside = Should.Throw<SluiceException>(() => policy.CheckRead("s3://lake/rawdata/x.csv", "source"));
        outside.Message.ShouldContain("--allow-path s3://lake/rawdata/");
        Should.Throw<SluiceException>(() => _policy.CheckRead("s3://lake/raw/orders.csv", "source"));
        PathPolicy.Unrestricted.CheckRead("s3://lake/raw/orders.csv", "source").ShouldBe("s3://lake/raw/orders.csv");
    }

    [Fact]
    public void DotDot_OutOfTheRoot_IsRefused_NamingThePathTheRootAndTheFix()
    {
        var ex = Should.Throw<SluiceException>(() => _policy.CheckWrite(_dir.File("allowed/../outside/x.csv"), "targets[0]"));

        ex.IsTransient.ShouldBeFalse();
        ex.Message.ShouldStartWith("targets[0]: writing '");
        ex.Message.ShouldContain(_dir.File("outside/x.csv"));
        ex.Message.ShouldContain("outside the allowed folders (" + _dir.File("allowed"));
        ex.Message.ShouldContain("--allow-path " + _dir.File("outside"));
        ex.Message.ShouldContain(AllowedPath.Variable);
    }

    [Fact]
    public void SystemFiles_AreRefused()
    {
        Should.Throw<SluiceException>(() => _policy.CheckRead("/etc/passwd", "source")).Message.ShouldContain("reading '/etc/passwd' is not allowed");
    }

    [Fact]
    public void ALinkInsideTheRoot_LeadingOut_IsRefused_WithTheResolvedPath()
    {
        var ex = Should.Throw<SluiceException>(() => _policy.CheckRead(_dir.File("allowed/out/secret.txt"), "source"));

        ex.Message.ShouldContain("(resolved to '" + _dir.File("outside/secret.txt") + "')");
        Should.Throw<SluiceException>(() => _policy.CheckWrite(_dir.File("allowed/out/new.csv"), "targets[0]"));
    }

    [Fact]
    public void ALinkToAFile_LeadingOut_IsRefused()
    {
        File.CreateSymbolicLink(_dir.File("allowed/passwd"), "/etc/passwd");

        Should.Throw<SluiceException>(() => _policy.CheckRead(_dir.File("allowed/passwd"), "source")).Message.ShouldContain("resolved to '/etc/passwd'");
    }

    [Fact]
    public void ARootGivenThroughALink_AllowsWhatTheLinkLeadsTo()
    {
        Directory.CreateSymbolicLink(_dir.File("link-to-outside"), _dir.File("outside"));
        var policy = PathPolicy.Confined([new AllowedPath(_dir.File("link-to-outside"), true)]);

        policy.CheckRead(_dir.File("outside/secret.txt"), "source").ShouldBe(_dir.File("outside/secret.txt"));
    }

    [Fact]
    public void AReadOnlyFolder_RefusesWrites_SayingItIsReadOnly()
    {
        var ex = Should.Throw<SluiceException>(() => _policy.CheckWrite(_dir.File("readonly/out.csv"), "targets[0]"));

        ex.Message.ShouldContain("is allowed for reading only");
    }

    [Fact]
    public void APrefixThatIsNotAFolderBoundary_IsNotInside()
    {
        Directory.CreateDirectory(_dir.File("allowed-not"));

        Should.Throw<SluiceException>(() => _policy.CheckRead(_dir.File("allowed-not/x.csv"), "source"));
    }

    [Fact]
    public void Unrestricted_AllowsEverything()
    {
        PathPolicy.Unrestricted.IsConfined.ShouldBeFalse();
        PathPolicy.Unrestricted.CheckWrite("/etc/passwd", "x").ShouldBe("/etc/passwd");
    }

    [Fact]
    public void Parse_ReadsTheReadOnlySuffix_AndRefusesAnEmptyPath()
    {
        AllowedPath.Parse("/data:ro").ShouldBe(new AllowedPath("/data", false));
        AllowedPath.Parse("/data").ShouldBe(new AllowedPath("/data", true));
        Should.Throw<ArgumentException>(() => AllowedPath.Parse(":ro"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RelativeTo_ResolvesRelativePathsAgainstTheBaseFolder_AndStillConfines()
    {
        var based = _policy.RelativeTo(_dir.File("allowed"));

        based.BaseFolder.ShouldBe(_dir.File("allowed"));
        based.CheckRead("data.csv", "source").ShouldBe(_dir.File("allowed/data.csv"));
        based.Full("sub/x.csv").ShouldBe(_dir.File("allowed/sub/x.csv"));
        based.Full("s3://bucket/key").ShouldBe("s3://bucket/key");
        Should.Throw<SluiceException>(() => based.CheckRead("../outside/secret.txt", "source"));
        _policy.BaseFolder.ShouldBeNull();
    }

    [Fact]
    public void RelativeTo_OnTheUnrestrictedPolicy_StaysUnconfined()
    {
        var based = PathPolicy.Unrestricted.RelativeTo(_dir.File("outside"));

        based.IsConfined.ShouldBeFalse();
        based.CheckWrite("secret.txt", "target").ShouldBe(_dir.File("outside/secret.txt"));
    }
}
