using Sluice.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Definition.Yaml;

/// <summary>Reads a YAML document (inputs files, schemas) into plain values with the same scalar rules as pipelines.</summary>
public static class YamlValues
{
    /// <summary>Parses <paramref name="text"/>, which must hold a map.</summary>
    /// <exception cref="SluiceException">Bad YAML or not a map; the message names file:line:col.</exception>
    public static IReadOnlyDictionary<string, object?> ReadMap(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new SluiceException($"{file}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.Message}");
        }
        if (stream.Documents.Count == 0)
        {
            return new Dictionary<string, object?>();
        }
        return Convert(stream.Documents[0].RootNode) as IReadOnlyDictionary<string, object?>
            ?? throw new SluiceException($"{file}:1:1: expected a map of names to values");
    }

    /// <summary>Converts a YAML node to plain values.</summary>
    public static object? Convert(YamlNode node) => node switch
    {
        YamlScalarNode s => YamlScalars.ToValue(s),
        YamlSequenceNode seq => seq.Children.Select(Convert).ToArray(),
        YamlMappingNode map => map.Children.ToDictionary(static kv => ((YamlScalarNode)kv.Key).Value ?? "", static kv => Convert(kv.Value), StringComparer.Ordinal),
        _ => null,
    };
}
