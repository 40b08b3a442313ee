using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Definition.Yaml;

/// <summary>
/// Sluice's scalar typing: plain <c>true/false</c> are booleans, plain integers are <see cref="long"/>,
/// plain floats are <see cref="double"/>, <c>null</c>/<c>~</c>/empty are null, and quoted scalars are
/// always text. <c>&lt;AUTO&gt;</c> text becomes an <see cref="AutoValue"/>.
/// </summary>
internal static partial class YamlScalars
{
    public static object? ToValue(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        if (node.Style != ScalarStyle.Plain)
        {
            return (object?)AutoValue.TryParse(text) ?? text;
        }
        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            ".inf" or ".Inf" or ".INF" or "+.inf" => double.PositiveInfinity,
            "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
            ".nan" or ".NaN" or ".NAN" => double.NaN,
            _ => Number(text),
        };
    }

    private static object Number(string text)
    {
        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }
        return (object?)AutoValue.TryParse(text) ?? text;
    }

    /// <summary>A short name of the YAML type of a value for messages: "text 'x'", "a list", "a number 3".</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long or int or double => $"the number {Convert.ToString(value, CultureInfo.InvariantCulture)}",
        string s => $"the text '{s}'",
        AutoValue a => $"'{a}'",
        System.Collections.IDictionary => "a mapping",
        System.Collections.IEnumerable => "a list",
        _ => value.GetType().Name,
    };

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
