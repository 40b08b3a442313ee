using System.Diagnostics;
using System.Text.Json;

namespace Sluice.Cli.Tests.Testing;

/// <summary>
/// Validates OpenLineage events against the official JSON Schemas vendored in tests/interop/openlineage, with ajv,
/// through <c>node tests/interop/openlineage.mjs</c>.
/// </summary>
internal static class OpenLineageSchemas
{
    private static readonly Lazy<(string? Script, string? Missing)> Probe = new(Find);

    /// <summary>Why the validator cannot run here, or null when it can.</summary>
    public static string? MissingReason => Probe.Value.Missing;

    /// <summary>The schema errors of the events in <paramref name="jsonLinesFile"/> (one event per line); empty when all pass.</summary>
    public static async Task<(int Events, IReadOnlyList<string> Errors)> ValidateAsync(string jsonLinesFile)
    {
        var script = Probe.Value.Script ?? throw new InvalidOperationException(Probe.Value.Missing);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(script)! };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(jsonLinesFile);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the OpenLineage validator failed ({process.ExitCode}): {(await stderr).Trim()}");
        }
        using var doc = JsonDocument.Parse(await stdout);
        return (doc.RootElement.GetProperty("events").GetInt32(), [.. doc.RootElement.GetProperty("errors").EnumerateArray().Select(static e => e.GetString()!)]);
    }

    private static (string?, string?) Find()
    {
        var interop = Path.Combine(SluiceCli.RepoRoot, "tests", "interop");
        if (!Directory.Exists(Path.Combine(interop, "node_modules", "ajv")))
        {
            return (null, "tests/interop/node_modules is missing; run `npm install --prefix tests/interop --no-audit --no-fund`.");
        }
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            node.WaitForExit();
            return node.ExitCode == 0 ? (Path.Combine(interop, "openlineage.mjs"), null) : (null, "`node --version` failed; install Node.js.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "node is not on PATH; install Node.js (apt-get install nodejs npm).");
        }
    }
}
