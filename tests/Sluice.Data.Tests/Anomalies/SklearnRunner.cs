using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sluice.Data.Tests.Anomalies;

/// <summary>Runs bench/quality/sklearn_compare.py on a data set and returns what scikit-learn decided.</summary>
internal static class SklearnRunner
{
    /// <summary>scikit-learn's verdict: the flagged row indices and every row's <c>score_samples</c>.</summary>
    public sealed record Verdict(HashSet<int> Flagged, double[] Scores);

    public const string Python = "/usr/bin/python3";

    public static Verdict Run(double[][] rows, double contamination, int seed)
    {
        var script = Path.Combine(RepositoryRoot(), "bench", "quality", "sklearn_compare.py");
        var csv = Path.Combine(Path.GetTempPath(), $"sluice-iforest-{Guid.NewGuid():N}.csv");
        try
        {
            var text = new StringBuilder("x0,x1\n");
            foreach (var row in rows)
            {
                text.Append(string.Join(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append('\n');
            }

            File.WriteAllText(csv, text.ToString());
            var start = new ProcessStartInfo(
                Python,
                [script, csv, "--contamination", contamination.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{script} exited with {process.ExitCode}: {stderr.Result}");
            }

            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            return new Verdict(
                root.GetProperty("flagged").EnumerateArray().Select(e => e.GetInt32()).ToHashSet(),
                root.GetProperty("scores").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Sluice.slnx above {AppContext.BaseDirectory}.");
    }
}
