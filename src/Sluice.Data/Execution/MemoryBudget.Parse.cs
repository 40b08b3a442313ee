using System.Globalization;

namespace Sluice.Data.Execution;

/// <summary>Memory size strings ("512MB", "2GiB", "25%").</summary>
public sealed partial class MemoryBudget
{
    private const string Syntax =
        "use a byte count or a number with a unit (B, KB, MB, GB, TB = powers of 1000; KiB, MiB, GiB, TiB = powers of 1024), " +
        "e.g. 512MB, 2GiB, 1.5GB, or a percentage of the available memory, e.g. 25%";

    /// <summary>
    /// Parses a memory size: plain bytes ("1048576"), a number with a unit ("512MB", "1.5GB", "2GiB"; KB/MB/GB/TB are
    /// powers of 1000, KiB/MiB/GiB/TiB powers of 1024, case-insensitive, a space allowed before the unit), or a
    /// percentage of the memory .NET sees as available ("25%"). Fractions of a byte are dropped.
    /// </summary>
    /// <param name="text">The size.</param>
    /// <param name="source">Where the text came from (an option or variable name), quoted in the error.</param>
    /// <returns>The size in bytes.</returns>
    /// <exception cref="FormatException">Not a size; the message names <paramref name="source"/> and gives examples.</exception>
    public static long ParseSize(string text, string? source = null) => ParseSize(text, source, AvailableMemory());

    /// <summary>Parses a size with percentages taken of <paramref name="availableBytes"/>.</summary>
    internal static long ParseSize(string text, string? source, long availableBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParseSize(text, availableBytes, out var bytes))
        {
            return bytes;
        }

        var where = source is null ? string.Empty : source + ": ";
        throw new FormatException($"{where}'{text}' is not a memory size; {Syntax}.");
    }

    private static bool TryParseSize(string text, long availableBytes, out long bytes)
    {
        bytes = 0;
        var s = text.AsSpan().Trim();
        decimal multiplier;
        if (s.EndsWith("%"))
        {
            s = s[..^1].TrimEnd();
            if (!TryNumber(s, out var percent) || percent <= 0 || percent > 100)
            {
                return false;
            }

            return TryScale(percent / 100m, availableBytes, out bytes);
        }

        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.'))
        {
            end++;
        }

        if (!TryNumber(s[..end], out var number) || !TryUnit(s[end..].Trim(), out multiplier))
        {
            return false;
        }

        return TryScale(number, multiplier, out bytes);
    }

    private static bool TryNumber(ReadOnlySpan<char> s, out decimal value) =>
        decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    private static bool TryUnit(ReadOnlySpan<char> unit, out decimal multiplier)
    {
        Span<char> lower = stackalloc char[4];
        multiplier = 0;
        if (unit.Length > lower.Length)
        {
            return false;
        }

        var n = unit.ToLowerInvariant(lower);
        multiplier = lower[..n] switch
        {
            "" or "b" => 1m,
            "kb" => 1e3m,
            "mb" => 1e6m,
            "gb" => 1e9m,
            "tb" => 1e12m,
            "kib" => 1L << 10,
            "mib" => 1L << 20,
            "gib" => 1L << 30,
            "tib" => 1L << 40,
            _ => 0m,
        };
        return multiplier != 0;
    }

    private static bool TryScale(decimal number, decimal multiplier, out long bytes)
    {
        bytes = 0;
        // Decimal holds about 7.9e28, so the product of anything below 1e15 and a multiplier up to 2^40 fits.
        if (number >= 1e15m)
        {
            return false;
        }

        var product = decimal.Floor(number * multiplier);
        if (product > long.MaxValue)
        {
            return false;
        }

        bytes = (long)product;
        return true;
    }

    /// <summary>The memory .NET sees as available (the container limit when there is one).</summary>
    internal static long AvailableMemory()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return available > 0 ? available : 4L << 30;
    }

    /// <summary>A human-readable size ("1.5 GiB").</summary>
    internal static string FormatSize(long bytes)
    {
        if (bytes == long.MaxValue)
        {
            return "unlimited";
        }

        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var u = 0;
        while (value >= 1024 && u < units.Length - 1)
        {
            value /= 1024;
            u++;
        }

        return u == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[u]}");
    }
}
