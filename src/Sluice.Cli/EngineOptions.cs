using System.CommandLine;
using System.Globalization;
using Sluice.Data.Execution;

namespace Sluice.Cli;

/// <summary>Options that shape how tasks execute: the data engine's memory limit and named pool limits.</summary>
internal static class EngineOptions
{
    public static Option<string?> MemoryLimit() => new("--memory-limit")
    {
        Description = $"Memory the data operators that need their whole input (sort, median fill, outlier flags, dedupe keeping the last row, aggregate, join) may hold before they spill to disk: 512MB, 2GiB, 25% (of available memory). The default is ${MemoryBudget.EnvironmentVariable}, else 25%.",
    };

    public static Option<string[]> Pools() => new("--pool")
    {
        Description = "Limit the task instances of a named pool (a task's 'pool:') running at once: NAME=COUNT; repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Checks <paramref name="text"/> and makes it the limit of <see cref="MemoryBudget.Default"/>.</summary>
    public static void ApplyMemoryLimit(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        long limit;
        try
        {
            limit = MemoryBudget.ParseSize(text, "--memory-limit");
        }
        catch (FormatException ex)
        {
            throw new CliException(ex.Message);
        }
        MemoryBudget.ConfigureDefault(limit);
    }

    /// <summary>NAME=COUNT pairs as a map; a malformed pair is a usage error naming <paramref name="option"/>.</summary>
    public static Dictionary<string, int> ParsePools(string[]? values, string option = "--pool")
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in values ?? [])
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !int.TryParse(v.AsSpan(eq + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw new CliException($"{option} expects NAME=COUNT with COUNT at least 1, got '{v}'");
            }
            result[v[..eq]] = n;
        }
        return result;
    }
}
