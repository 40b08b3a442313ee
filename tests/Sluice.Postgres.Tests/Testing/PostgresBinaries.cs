using System.Globalization;

namespace Sluice.Postgres.Tests.Testing;

/// <summary>
/// Finds the machine's PostgreSQL server programs (Debian layout: <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>,
/// newest version first). <c>SLUICE_PG_BIN</c> overrides the folder.
/// </summary>
public static class PostgresBinaries
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The folder holding <c>initdb</c> and <c>pg_ctl</c>, or null when there is none.</summary>
    public static string? BinDirectory => Found.Value;

    /// <summary>True when the tests run as root and must start the server as the <c>postgres</c> user.</summary>
    public static bool RunAsPostgresUser => Environment.IsPrivilegedProcess;

    /// <summary>
    /// Why PostgreSQL tests are skipped, or null when they run. On CI (<c>CI=true</c>) they are never
    /// skipped: a missing server is then a failure, reported by <see cref="PostgresFixture"/>.
    /// </summary>
    public static string? SkipReason => Problem is { } p && !IsCi ? p + " (set CI=true to make this a failure)." : null;

    /// <summary>What prevents starting a server, or null.</summary>
    public static string? Problem
    {
        get
        {
            if (BinDirectory is null)
            {
                return "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/<version>/bin or $SLUICE_PG_BIN; install the 'postgresql' package to run these tests";
            }
            if (RunAsPostgresUser && !File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser"))
            {
                return "running as root needs 'runuser' to start PostgreSQL as the postgres user, and it was not found";
            }
            return null;
        }
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Find()
    {
        var overridden = Environment.GetEnvironmentVariable("SLUICE_PG_BIN");
        if (!string.IsNullOrEmpty(overridden))
        {
            return HasServer(overridden) ? overridden : null;
        }
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(x => HasServer(x.Dir))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    private static bool HasServer(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
}
