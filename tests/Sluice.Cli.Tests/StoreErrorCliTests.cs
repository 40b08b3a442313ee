using Microsoft.Data.Sqlite;
using Sluice.Cli.Tests.Testing;
using Sluice.Execution;
using Sluice.Tests.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// A store on a disk that cannot take it: a clear message and exit 1 ("the state store could not be written"), not
/// SQLite's error number with exit 2. A full file system is simulated with /dev/full (every write fails with ENOSPC);
/// a write failing in the middle of a run is checked on the mapping itself (<see cref="StoreErrors"/>), since filling a
/// real disk at the right moment needs a mount this test cannot count on.
/// </summary>
public sealed class StoreErrorCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Pipeline()
    {
        var path = _dir.File("p.yaml");
        File.WriteAllText(path, """
            id: p
            tasks:
              - {id: t, action: noop}
            """);
        return path;
    }

    [Fact]
    public async Task Run_StoreOnAFullDevice_ExitsOneSayingTheDiskIsFull()
    {
        var run = await SluiceCli.RunAsync(_dir.Path, "run", Pipeline(), "--store", "/dev/full");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.StderrText.ShouldContain("error: cannot open the state store '/dev/full': the disk is full (SQLite error 13); free space or fix the permissions there, or give --store (or SLUICE_STORE) another path");
    }

    [Fact]
    public async Task Run_StoreWhereNoFileCanBeCreated_ExitsOneSayingSo()
    {
        // /proc takes no new files, whoever runs the test (root included).
        var run = await SluiceCli.RunAsync(_dir.Path, "run", Pipeline(), "--store", "/proc/sluice-store-test.db");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.StderrText.ShouldContain("error: cannot open the state store '/proc/sluice-store-test.db': the file cannot be opened or created");
        run.StderrText.ShouldNotContain("unable to open database file");
    }

    [Fact]
    public async Task Run_StoreFolderIsAFile_ExitsOneNamingTheStore()
    {
        File.WriteAllText(_dir.File("occupied"), "not a folder");
        var store = Path.Combine(_dir.File("occupied"), "sluice.db");

        var run = await SluiceCli.RunAsync(_dir.Path, "run", Pipeline(), "--store", store);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.StderrText.ShouldContain($"error: cannot open the state store '{store}'");
        run.StderrText.ShouldNotContain("internal error");
    }

    [Theory]
    [InlineData(13, "the disk is full (SQLite error 13)")]
    [InlineData(10 | (3 << 8), "the disk reported an I/O error")] // SQLITE_IOERR_WRITE
    [InlineData(14, "the file cannot be opened or created")]
    [InlineData(8, "the file or its folder is read-only")]
    public void OnWrite_StoreFailureDuringARun_ExplainsTheDiskProblem(int sqliteCode, string expected)
    {
        var failure = new SluiceStateException("Could not write run state to the store: SQLite error", new SqliteException("SQLite error", sqliteCode));

        var message = StoreErrors.OnWrite(failure);

        message.ShouldNotBeNull().ShouldStartWith("the state store could not be written: " + expected);
        message.ShouldContain("'sluice resume'");
    }

    [Fact]
    public void OnWrite_OtherFailures_AreLeftAlone()
    {
        StoreErrors.OnWrite(new SluiceStateException("x", new SqliteException("constraint failed", 19))).ShouldBeNull();
        StoreErrors.OnWrite(new InvalidOperationException("x")).ShouldBeNull();
    }
}
