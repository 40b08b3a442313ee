using System.Diagnostics;
using System.Text.Json;

namespace Sluice.Data.Tests.Parquet;

/// <summary>
/// Runs SQL in DuckDB (an independent Parquet implementation) through <c>node tests/interop/duckdb.mjs</c> and returns
/// the rows of the last statement as JSON objects.
/// </summary>
internal static class DuckDb
{
    private static readonly Lazy<(string? Script, string? Missing)> Probe = new(Find);

    /// <summary>Why DuckDB cannot be run here, or null when it can.</summary>
    public static string? MissingReason => Probe.Value.Missing;

    public static List<JsonElement> Query(params string[] statements)
    {
        using var doc = JsonDocument.Parse(Run("duckdb.mjs", statements));
        return [.. doc.RootElement.EnumerateArray().Select(static e => e.Clone())];
    }

    /// <summary>Runs <c>tests/interop/arrow.mjs</c> (Apache Arrow JS, an independent Arrow IPC implementation); returns what it printed.</summary>
    public static string Arrow(params string[] args) => Run("arrow.mjs", args);

    private static string Run(string scriptName, string[] args)
    {
        var script = Path.Combine(Path.GetDirectoryName(Probe.Value.Script ?? throw new InvalidOperationException(Probe.Value.Missing))!, scriptName);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        start.ArgumentList.Add(script);
        foreach (var s in args)
        {
            start.ArgumentList.Add(s);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{scriptName} did not finish within 3 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{scriptName} failed ({process.ExitCode}): {stderr.Result.Trim()}");
        }

        return stdout.Result;
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static (string?, string?) Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "interop", "duckdb.mjs")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            return (null, "tests/interop/duckdb.mjs was not found above the test binaries.");
        }

        var interop = Path.Combine(dir.FullName, "tests", "interop");
        if (!Directory.Exists(Path.Combine(interop, "node_modules", "@duckdb", "node-api")) || !Directory.Exists(Path.Combine(interop, "node_modules", "apache-arrow")))
        {
            return (null, "tests/interop/node_modules is missing; run `npm install --prefix tests/interop --no-audit --no-fund`.");
        }

        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            node.WaitForExit();
            if (node.ExitCode != 0)
            {
                return (null, "`node --version` failed; install Node.js (apt-get install nodejs npm).");
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "node is not on PATH; install Node.js (apt-get install nodejs npm).");
        }

        return (Path.Combine(interop, "duckdb.mjs"), null);
    }
}
