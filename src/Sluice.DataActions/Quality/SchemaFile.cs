using Sluice.Data.Quality.Checks;
using Sluice.Data.SchemaValidation;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.DataActions.Quality;

/// <summary>Reads a schema file (YAML or JSON — JSON is read as YAML) keeping each key's position, and parses it.</summary>
public static class SchemaFile
{
    /// <summary>Loads and parses the schema at <paramref name="path"/>; every problem is a diagnostic at file:line:col.</summary>
    /// <param name="path">The schema file.</param>
    /// <param name="knownColumns">The data's columns when known (unknown schema columns are then errors).</param>
    public static (SchemaDefinition? Schema, IReadOnlyList<Diagnostic> Diagnostics) Load(string path, IReadOnlyCollection<string>? knownColumns = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, [new Diagnostic(DiagnosticSeverity.Error, SchemaErrorCodes.Shape, $"cannot read the schema file: {ex.Message}", new SourceLocation(path, 0, 0))]);
        }

        return Parse(text, path, knownColumns);
    }

    /// <summary>Parses schema text (YAML or JSON) named <paramref name="file"/> in diagnostics.</summary>
    public static (SchemaDefinition? Schema, IReadOnlyList<Diagnostic> Diagnostics) Parse(string text, string file, IReadOnlyCollection<string>? knownColumns = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            return (null, [new Diagnostic(DiagnosticSeverity.Error, SchemaErrorCodes.Shape, $"invalid YAML/JSON: {ex.Message}", new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column))]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (null, [new Diagnostic(DiagnosticSeverity.Error, SchemaErrorCodes.Shape, "a schema must be a map of column names to rules", new SourceLocation(file, 1, 1))]);
        }

        var positions = new Dictionary<string, TextPosition>(StringComparer.Ordinal);
        Record(root, string.Empty, positions);
        var values = (IReadOnlyDictionary<string, object?>)YamlValues.Convert(root)!;
        var result = SchemaDefinition.Parse(values, p => positions.GetValueOrDefault(p, TextPosition.Start), knownColumns);
        return (result.Schema, [.. result.Diagnostics.Select(d => ToDiagnostic(d, file))]);
    }

    /// <summary>Converts a schema diagnostic to a pipeline diagnostic in <paramref name="file"/>.</summary>
    public static Diagnostic ToDiagnostic(QualityDiagnostic d, string file)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new Diagnostic(DiagnosticSeverity.Error, d.Code, d.Message, new SourceLocation(file, d.Position.Line, d.Position.Column), d.Hint);
    }

    private static void Record(YamlNode node, string path, Dictionary<string, TextPosition> positions)
    {
        if (path.Length > 0)
        {
            positions[path] = new TextPosition((int)node.Start.Line, (int)node.Start.Column);
        }

        if (node is YamlMappingNode map)
        {
            foreach (var (key, value) in map.Children)
            {
                if (key is YamlScalarNode { Value: { } k })
                {
                    Record(value, path.Length == 0 ? k : $"{path}.{k}", positions);
                }
            }
        }
    }
}
