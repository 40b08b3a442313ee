namespace Sluice.Server.Tests.Testing;

/// <summary>Programs some tests run. Missing locally: the test is skipped with the install command; missing in CI (CI=true): it runs and fails.</summary>
public static class ExternalTools
{
    public const string Chromium = "/usr/bin/chromium";

    public static string? Find(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static string? SkipReason(string program, string package) =>
        Find(program) is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? $"{program} is not installed (apt-get install -y {package}); in CI this test fails instead"
            : null;
}

/// <summary>A fact that needs Prometheus' promtool.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute() => Skip = ExternalTools.SkipReason("promtool", "prometheus");
}

/// <summary>A fact that needs Debian's chromium for Playwright.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute() => Skip = ExternalTools.SkipReason(ExternalTools.Chromium, "chromium");
}
