using System.Diagnostics;
using System.Text;
using Sluice.Data.Csv;

namespace Sluice.Data.Tests.Csv;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Write_RemovesTemporaryFilesOfKilledWriters_AndKeepsThoseOfLiveOnes()
    {
        var host = new string([.. Environment.MachineName.Where(char.IsAsciiLetterOrDigit)]);
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync(CancellationToken.None);
        using var alive = Process.Start("sleep", "30")!;
        try
        {
            var target = Path.Combine(_dir.Path, "out.csv");
            var orphan = Path.Combine(_dir.Path, $".out.csv.{host}.{gone.Id}.{Guid.NewGuid():N}.tmp");
            var live = Path.Combine(_dir.Path, $".out.csv.{host}.{alive.Id}.{Guid.NewGuid():N}.tmp");
            var other = Path.Combine(_dir.Path, $".other.csv.{host}.{gone.Id}.{Guid.NewGuid():N}.tmp");
            foreach (var f in new[] { orphan, live, other })
            {
                await File.WriteAllTextAsync(f, "partial", CancellationToken.None);
            }

            await AtomicFile.WriteAsync(target, (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes("a\n1\n"), ct).AsTask(), CancellationToken.None);

            (await File.ReadAllTextAsync(target, CancellationToken.None)).ShouldBe("a\n1\n");
            File.Exists(orphan).ShouldBeFalse("a killed writer's temporary file of the same target is removed");
            File.Exists(live).ShouldBeTrue("a live writer's temporary file is left alone");
            File.Exists(other).ShouldBeTrue("another target's files are left alone");
            Directory.GetFiles(_dir.Path, ".out.csv.*.tmp").Length.ShouldBe(1);
        }
        finally
        {
            alive.Kill();
        }
    }

    public void Dispose() => _dir.Dispose();
}
