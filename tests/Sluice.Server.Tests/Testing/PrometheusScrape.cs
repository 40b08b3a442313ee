using System.Globalization;

namespace Sluice.Server.Tests.Testing;

/// <summary>Reads samples out of a Prometheus text exposition, so tests ask for a value instead of matching exact lines.</summary>
internal static class PrometheusScrape
{
    /// <summary>
    /// The sum of the samples named <paramref name="name"/> whose labels include every one of <paramref name="labels"/>
    /// (other labels are summed over), or null when no sample matches.
    /// </summary>
    public static double? Value(string text, string name, params (string Name, string Value)[] labels)
    {
        double? sum = null;
        foreach (var (sampleName, sampleLabels, value) in Samples(text))
        {
            if (sampleName == name && labels.All(l => sampleLabels.TryGetValue(l.Name, out var v) && v == l.Value))
            {
                sum = (sum ?? 0) + value;
            }
        }
        return sum;
    }

    /// <summary>Every sample: name, labels, value (a trailing timestamp is ignored).</summary>
    public static IEnumerable<(string Name, Dictionary<string, string> Labels, double Value)> Samples(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            string name;
            int rest;
            if (brace >= 0 && brace < space)
            {
                name = line[..brace];
                var i = brace + 1;
                while (line[i] != '}')
                {
                    var eq = line.IndexOf('=', i);
                    var key = line[i..eq];
                    var value = new System.Text.StringBuilder();
                    var j = eq + 2;
                    for (; line[j] != '"'; j++)
                    {
                        if (line[j] == '\\')
                        {
                            j++;
                            value.Append(line[j] == 'n' ? '\n' : line[j]);
                        }
                        else
                        {
                            value.Append(line[j]);
                        }
                    }
                    labels[key] = value.ToString();
                    i = j + 1;
                    if (line[i] == ',')
                    {
                        i++;
                    }
                }
                rest = i + 2;
            }
            else
            {
                name = line[..space];
                rest = space + 1;
            }
            var number = line[rest..].Split(' ')[0];
            var parsed = number switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            yield return (name, labels, parsed);
        }
    }
}
