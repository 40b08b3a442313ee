using System.Diagnostics;

namespace Sluice.Data.Tests.Anomalies;

/// <summary>
/// A fact that needs <c>/usr/bin/python3</c> with scikit-learn. Checked once at discovery: when missing, the test
/// is skipped with the reason — unless the <c>CI</c> environment variable is "true", where it runs and fails,
/// so a CI machine without scikit-learn can never pass silently.
/// </summary>
public sealed class SklearnFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public SklearnFactAttribute()
    {
        if (Missing.Value is { } reason && !IsCi)
        {
            Skip = $"{reason} Install it with `apt-get install -y python3-sklearn`; with CI=true this test fails instead.";
        }
    }

    /// <summary>True when running under CI (<c>CI=true</c>).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why scikit-learn cannot be used, or null when it can.</summary>
    public static string? MissingReason => Missing.Value;

    private static string? Probe()
    {
        if (!File.Exists(SklearnRunner.Python))
        {
            return $"{SklearnRunner.Python} does not exist.";
        }

        try
        {
            var start = new ProcessStartInfo(SklearnRunner.Python, ["-c", "import sklearn"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"scikit-learn is not importable from {SklearnRunner.Python}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{SklearnRunner.Python} could not be started: {ex.Message}";
        }
    }
}
