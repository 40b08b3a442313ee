using System.Globalization;
using System.Text;
using System.Xml;

namespace Sluice.Definition;

/// <summary>
/// Parses durations as written in pipelines: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>,
/// <c>1.5h</c>, <c>1h 30m</c>, ISO 8601 (<c>PT5M</c>, <c>P1DT2H</c>) and plain integers meaning seconds.
/// </summary>
public static class DurationParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is not a duration; the message says why.</exception>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says precisely what is wrong.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        var t = text?.Trim() ?? string.Empty;
        if (t.Length == 0)
        {
            error = "a duration cannot be empty; write for example 30s, 5m or 1h30m";
            return false;
        }
        if (t[0] is 'P' or 'p' or '-' && t.Contains('P', StringComparison.OrdinalIgnoreCase))
        {
            return TryParseIso(t, out value, out error);
        }
        if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 0)
            {
                error = $"'{t}' is negative; a duration must be zero or more";
                return false;
            }
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
        return TryParseUnits(t, out value, out error);
    }

    /// <summary>Formats compactly in the unit syntax (<c>1h30m</c>, <c>500ms</c>, <c>0s</c>); <see cref="Parse"/> reads it back.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }
        var sb = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            sb.Append('-');
            value = value.Negate();
        }
        Append(sb, value.Days, "d");
        Append(sb, value.Hours, "h");
        Append(sb, value.Minutes, "m");
        Append(sb, value.Seconds, "s");
        var rest = value - new TimeSpan(value.Days, value.Hours, value.Minutes, value.Seconds);
        if (rest > TimeSpan.Zero)
        {
            sb.Append(rest.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture)).Append("ms");
        }
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, int amount, string unit)
    {
        if (amount != 0)
        {
            sb.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    private static bool TryParseIso(string t, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        try
        {
            value = XmlConvert.ToTimeSpan(t.ToUpperInvariant());
        }
        catch (FormatException)
        {
            error = $"'{t}' is not an ISO 8601 duration; write for example PT5M, PT1H30M or P1D";
            return false;
        }
        catch (OverflowException)
        {
            error = $"'{t}' is too long a duration";
            return false;
        }
        if (value < TimeSpan.Zero)
        {
            error = $"'{t}' is negative; a duration must be zero or more";
            return false;
        }
        return true;
    }

    private static bool TryParseUnits(string t, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        var total = 0.0;
        var lastRank = int.MaxValue;
        var i = 0;
        while (i < t.Length)
        {
            while (i < t.Length && t[i] == ' ')
            {
                i++;
            }
            var start = i;
            while (i < t.Length && (char.IsAsciiDigit(t[i]) || t[i] == '.'))
            {
                i++;
            }
            if (i == start)
            {
                error = t[i] == '-'
                    ? $"'{t}' is negative; a duration must be zero or more"
                    : $"'{t}': expected a number at position {i + 1}, found '{t[i]}'; write for example 30s, 5m or 1h30m";
                return false;
            }
            var numberText = t[start..i];
            if (!double.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{t}': '{numberText}' at position {start + 1} is not a number";
                return false;
            }
            while (i < t.Length && t[i] == ' ')
            {
                i++;
            }
            var unitStart = i;
            while (i < t.Length && char.IsAsciiLetter(t[i]))
            {
                i++;
            }
            var unit = t[unitStart..i];
            if (unit.Length == 0)
            {
                error = $"'{t}': the number '{numberText}' at position {start + 1} has no unit; use ms, s, m, h or d (a plain integer means seconds)";
                return false;
            }
            var (rank, scale) = unit.ToLowerInvariant() switch
            {
                "d" => (5, TimeSpan.TicksPerDay),
                "h" => (4, TimeSpan.TicksPerHour),
                "m" or "min" => (3, TimeSpan.TicksPerMinute),
                "s" or "sec" => (2, TimeSpan.TicksPerSecond),
                "ms" => (1, TimeSpan.TicksPerMillisecond),
                _ => (0, 0L),
            };
            if (rank == 0)
            {
                error = $"'{t}': unknown unit '{unit}' at position {unitStart + 1}; use ms, s, m, h or d";
                return false;
            }
            if (rank >= lastRank)
            {
                error = $"'{t}': unit '{unit}' at position {unitStart + 1} must come after larger units, each once (write 1h30m, not 30m1h)";
                return false;
            }
            lastRank = rank;
            total += number * scale;
        }
        if (total > TimeSpan.MaxValue.Ticks)
        {
            error = $"'{t}' is too long a duration";
            return false;
        }
        value = TimeSpan.FromTicks((long)Math.Round(total));
        return true;
    }
}
