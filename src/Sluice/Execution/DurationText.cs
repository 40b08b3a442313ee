using System.Globalization;

namespace Sluice.Execution;

/// <summary>Formats durations the way pipelines write them: <c>1h30m</c>, <c>45s</c>, <c>250ms</c>.</summary>
internal static class DurationText
{
    public static string Format(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1))
        {
            return d.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }
        var parts = new List<string>();
        if (d.Days > 0)
        {
            parts.Add(d.Days.ToString(CultureInfo.InvariantCulture) + "d");
        }
        if (d.Hours > 0)
        {
            parts.Add(d.Hours.ToString(CultureInfo.InvariantCulture) + "h");
        }
        if (d.Minutes > 0)
        {
            parts.Add(d.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }
        var seconds = d.Seconds + (d.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            parts.Add(seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s");
        }
        return string.Concat(parts);
    }
}
