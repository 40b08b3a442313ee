using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Definition.Yaml;

/// <summary>
/// Reads typed values out of YamlDotNet nodes, records every node's location under its path and
/// reports wrong types and unknown keys. Never throws for bad input.
/// </summary>
internal sealed partial class YamlReader
{
    private readonly string[] _lines;

    public YamlReader(string file, string text, DiagnosticBag bag)
    {
        File = file;
        Bag = bag;
        _lines = text.Split('\n');
    }

    public string File { get; }

    public DiagnosticBag Bag { get; }

    public Dictionary<string, SourceLocation> Locations { get; } = new(StringComparer.Ordinal);

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Item(string path, int index) => $"{path}[{index}]";

    public SourceLocation Loc(YamlNode node) => YamlSyntaxCheck.At(File, node.Start);

    /// <summary>Records where <paramref name="node"/> is and, for quoted or block scalars, where its text starts.</summary>
    public void Record(string path, YamlNode node)
    {
        Locations[path] = Loc(node);
        if (node is YamlScalarNode s && TextOrigin(s) is { } origin)
        {
            Locations[path + "#value"] = origin;
        }
    }

    /// <summary>Every entry of <paramref name="map"/>; keys outside <paramref name="allowed"/> (when given) are reported.</summary>
    public List<(string Key, YamlNode Value, string Path)> Entries(YamlMappingNode map, string path, IReadOnlyCollection<string>? allowed, string where)
    {
        var result = new List<(string, YamlNode, string)>(map.Children.Count);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Bag.Error(DiagnosticCodes.WrongType, Loc(keyNode), $"a key in {where} is a {Kind(keyNode)}; keys must be plain text");
                continue;
            }
            var childPath = Child(path, key);
            Locations[childPath + "#key"] = Loc(keyNode);
            if (allowed is not null && !allowed.Contains(key))
            {
                Bag.Error(DiagnosticCodes.UnknownKey, Loc(keyNode), $"unknown key '{key}' in {where}", NameSuggester.Hint(key, allowed, "keys"));
                continue;
            }
            Record(childPath, value);
            result.Add((key, value, childPath));
        }
        return result;
    }

    public YamlMappingNode? Mapping(YamlNode node, string path, string what)
    {
        Record(path, node);
        if (node is YamlMappingNode m)
        {
            return m;
        }
        if (IsNull(node))
        {
            return new YamlMappingNode();
        }
        WrongType(node, what, "a mapping (key: value lines)");
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode node, string path, string what)
    {
        Record(path, node);
        if (node is YamlSequenceNode s)
        {
            return s;
        }
        if (IsNull(node))
        {
            return new YamlSequenceNode();
        }
        WrongType(node, what, "a list ('- item' lines or [a, b])");
        return null;
    }

    /// <summary>Any scalar as its text (numbers keep their written form); null for a YAML null.</summary>
    public string? Text(YamlNode node, string what)
    {
        if (node is YamlScalarNode s)
        {
            return s.Style == ScalarStyle.Plain && YamlScalars.ToValue(s) is null ? null : s.Value;
        }
        WrongType(node, what, "text");
        return null;
    }

    public bool? Bool(YamlNode node, string what)
    {
        if (node is YamlScalarNode s && s.Style == ScalarStyle.Plain && YamlScalars.ToValue(s) is bool b)
        {
            return b;
        }
        WrongType(node, what, "true or false");
        return null;
    }

    public int? Int(YamlNode node, string what, int min)
    {
        if (node is YamlScalarNode s && s.Style == ScalarStyle.Plain && YamlScalars.ToValue(s) is long l)
        {
            if (l < min || l > int.MaxValue)
            {
                Bag.Error(DiagnosticCodes.OutOfRange, Loc(node), $"{what} must be at least {min}, was {l}");
                return null;
            }
            return (int)l;
        }
        WrongType(node, what, "a whole number");
        return null;
    }

    public TimeSpan? Duration(YamlNode node, string what)
    {
        if (node is not YamlScalarNode s || s.Value is null)
        {
            WrongType(node, what, "a duration such as 30s, 5m or 1h30m");
            return null;
        }
        if (DurationParser.TryParse(s.Value, out var value, out var error))
        {
            return value;
        }
        Bag.Error(DiagnosticCodes.BadDuration, Loc(node), $"{what} is not a valid duration: {error}", "write for example 500ms, 30s, 5m, 1h30m, 2d or PT5M");
        return null;
    }

    public T? Word<T>(YamlNode node, string what, IReadOnlyDictionary<string, T> words)
        where T : struct
    {
        var text = node is YamlScalarNode s ? s.Value : null;
        if (text is not null && words.TryGetValue(text, out var value))
        {
            return value;
        }
        if (text is null)
        {
            WrongType(node, what, "one of " + string.Join(", ", words.Keys));
            return null;
        }
        Bag.Error(DiagnosticCodes.InvalidValue, Loc(node), $"{what} cannot be '{text}'", NameSuggester.Hint(text, [.. words.Keys], "values"));
        return null;
    }

    /// <summary>A list of texts; a single text is accepted as a one-item list.</summary>
    public List<string> TextList(YamlNode node, string path, string what)
    {
        var result = new List<string>();
        if (node is YamlScalarNode single)
        {
            if (Text(single, what) is { } t)
            {
                result.Add(t);
            }
            return result;
        }
        if (Sequence(node, path, what) is not { } seq)
        {
            return result;
        }
        for (var i = 0; i < seq.Children.Count; i++)
        {
            Record(Item(path, i), seq.Children[i]);
            if (Text(seq.Children[i], $"each entry of {what}") is { } t)
            {
                result.Add(t);
            }
        }
        return result;
    }

    public void WrongType(YamlNode node, string what, string expected) =>
        Bag.Error(DiagnosticCodes.WrongType, Loc(node), $"{what} must be {expected}, but is {Kind(node)}");

    public static bool IsNull(YamlNode node) => node is YamlScalarNode { Style: ScalarStyle.Plain } s && YamlScalars.ToValue(s) is null;

    public static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => YamlScalars.Describe(YamlScalars.ToValue(s)),
        _ => "an alias",
    };

    private SourceLocation? TextOrigin(YamlScalarNode s)
    {
        switch (s.Style)
        {
            case ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted:
                return Loc(s).Offset(1);
            case ScalarStyle.Literal or ScalarStyle.Folded:
                // The text starts on the line after the '|' or '>' indicator, at its indentation.
                var next = (int)s.Start.Line;
                while (next < _lines.Length && _lines[next].Trim().Length == 0)
                {
                    next++;
                }
                if (next >= _lines.Length)
                {
                    return null;
                }
                var indent = _lines[next].Length - _lines[next].TrimStart(' ').Length;
                return new SourceLocation(File, next + 1, indent + 1);
            default:
                return null;
        }
    }
}
