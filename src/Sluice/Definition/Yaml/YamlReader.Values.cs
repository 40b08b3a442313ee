using YamlDotNet.RepresentationModel;

namespace Sluice.Definition.Yaml;

internal sealed partial class YamlReader
{
    /// <summary>Converts any node to plain values (maps keep declaration order), recording every location.</summary>
    public object? Value(YamlNode node, string path)
    {
        Record(path, node);
        switch (node)
        {
            case YamlScalarNode s:
                return YamlScalars.ToValue(s);
            case YamlSequenceNode seq:
                var list = new List<object?>(seq.Children.Count);
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    list.Add(Value(seq.Children[i], Item(path, i)));
                }
                return list;
            case YamlMappingNode map:
                return Map(map, path, "this mapping");
            default:
                return null;
        }
    }

    /// <summary>A mapping with any keys, converted to values.</summary>
    public Dictionary<string, object?> Map(YamlMappingNode map, string path, string where)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value, childPath) in Entries(map, path, null, where))
        {
            result[key] = Value(value, childPath);
        }
        return result;
    }
}
