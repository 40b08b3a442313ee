using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Sluice.Definition.Yaml;

/// <summary>
/// Applies YAML merge keys (<c>&lt;&lt;: *defaults</c> or <c>&lt;&lt;: [*a, *b]</c>) to the representation model before it
/// is read: keys written in the mapping win over merged ones, and earlier sources win over later ones (the YAML merge
/// type). Merged entries keep the positions of the text they come from, so an error in one points at the anchor.
/// </summary>
internal static class YamlMerge
{
    /// <summary>The merge key.</summary>
    public const string Key = "<<";

    /// <summary>Expands every merge key under <paramref name="root"/>; returns false when a merge value is not a mapping or a list of mappings.</summary>
    public static bool Apply(YamlNode root, string file, DiagnosticBag bag)
    {
        var done = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        return Visit(root, file, bag, done);
    }

    private static bool Visit(YamlNode node, string file, DiagnosticBag bag, HashSet<YamlNode> done)
    {
        // Aliases share nodes: each is expanded once (the syntax check bounded how far they expand).
        if (!done.Add(node))
        {
            return true;
        }
        var ok = true;
        switch (node)
        {
            case YamlSequenceNode seq:
                foreach (var child in seq.Children)
                {
                    ok &= Visit(child, file, bag, done);
                }
                break;
            case YamlMappingNode map:
                foreach (var (_, value) in map.Children)
                {
                    ok &= Visit(value, file, bag, done);
                }
                ok &= Merge(map, file, bag);
                break;
        }
        return ok;
    }

    private static bool Merge(YamlMappingNode map, string file, DiagnosticBag bag)
    {
        var mergeKey = map.Children.Keys.FirstOrDefault(static k => k is YamlScalarNode { Value: Key, Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) });
        if (mergeKey is null)
        {
            return true;
        }
        var value = map.Children[mergeKey];
        IEnumerable<YamlNode> sources = value is YamlSequenceNode list ? list.Children : [value];
        var merged = new List<KeyValuePair<YamlNode, YamlNode>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, _) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && !ReferenceEquals(k, mergeKey))
            {
                seen.Add(name);
            }
        }
        foreach (var source in sources)
        {
            if (source is not YamlMappingNode from)
            {
                bag.Error(DiagnosticCodes.WrongType, YamlSyntaxCheck.At(file, source.Start), $"the merge key '<<' takes a mapping or a list of mappings, but this is {YamlReader.Kind(source)}",
                    "write '<<: *name' where '&name' marks a mapping, or '<<: [*a, *b]'");
                return false;
            }
            foreach (var entry in from.Children)
            {
                if (entry.Key is YamlScalarNode { Value: { } name } && seen.Add(name))
                {
                    merged.Add(entry);
                }
            }
        }
        // Rebuild in reading order: the mapping's own keys where they stand, merged keys at the merge key's place.
        var rebuilt = new List<KeyValuePair<YamlNode, YamlNode>>(map.Children.Count + merged.Count);
        foreach (var entry in map.Children)
        {
            if (ReferenceEquals(entry.Key, mergeKey))
            {
                rebuilt.AddRange(merged);
            }
            else
            {
                rebuilt.Add(entry);
            }
        }
        map.Children.Clear();
        foreach (var (k, v) in rebuilt)
        {
            map.Children.Add(k, v);
        }
        return true;
    }
}
