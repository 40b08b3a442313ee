using System.Globalization;

namespace Sluice.Data.Quality.Checks;

/// <summary>Durations such as <c>1d</c>, <c>90m</c>, <c>1h30m</c>, <c>500ms</c> (units ms, s, m, h, d, w).</summary>
internal static class DurationText
{
    /// <summary>Parses <paramref name="text"/> to seconds; false when a unit is missing or unknown.</summary>
    public static bool TryParseSeconds(string text, out double seconds)
    {
        seconds = 0;
        var i = 0;
        var any = false;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            double? scale = text.AsSpan(unitStart, i - unitStart) switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86400,
                "w" => 604800,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            seconds += amount * scale.Value;
            any = true;
        }

        return any;
    }
}
