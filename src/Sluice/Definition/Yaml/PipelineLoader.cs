using Sluice.Actions;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Sluice.Definition.Yaml;

/// <summary>Loads pipeline YAML into a validated <see cref="PipelineDefinition"/>; never throws for bad input.</summary>
public static class PipelineLoader
{
    /// <summary>
    /// The longest pipeline text loaded, in characters: 2,000,000. Large pipelines are a few hundred kilobytes; YAML
    /// parsing holds several copies of every scalar, so an 8 MB file exhausted a 256 MB heap.
    /// </summary>
    public const int MaxTextLength = 2_000_000;

    /// <summary>
    /// Parses and validates <paramref name="yamlText"/>. Every problem is reported with
    /// <paramref name="fileName"/>:line:col; the definition is returned only when there is no error.
    /// </summary>
    public static LoadResult Load(string yamlText, string fileName, ActionRegistry actions)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(actions);
        var bag = new DiagnosticBag();
        var definition = Parse(yamlText, fileName, bag);
        if (definition is not null)
        {
            bag.AddRange(PipelineValidator.Validate(definition, actions));
        }
        var diagnostics = Sorted(bag.Items);
        if (definition is null || bag.HasErrors)
        {
            return new LoadResult(null, diagnostics, string.Empty, yamlText);
        }
        return new LoadResult(definition, diagnostics, DefinitionCanonicalizer.ComputeHash(definition), yamlText);
    }

    /// <summary>
    /// Reads the file at <paramref name="path"/> once and loads it; a missing or unreadable file is a diagnostic.
    /// <see cref="LoadResult.SourceText"/> holds what was read, so <see cref="LoadResult.ToVersion"/> stores the text
    /// that was hashed.
    /// </summary>
    public static LoadResult LoadFile(string path, ActionRegistry actions)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var d = new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.NotAPipeline, $"cannot read the pipeline file: {e.Message}", new SourceLocation(path, 0, 0));
            return new LoadResult(null, [d], string.Empty);
        }
        return Load(text, path, actions);
    }

    private static PipelineDefinition? Parse(string text, string file, DiagnosticBag bag)
    {
        if (text.Length > MaxTextLength)
        {
            var line = 1 + text.AsSpan(0, MaxTextLength).Count('\n');
            var column = MaxTextLength - text.LastIndexOf('\n', MaxTextLength - 1);
            bag.Error(DiagnosticCodes.NotAPipeline, new SourceLocation(file, line, column),
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the file is longer than {MaxTextLength:N0} characters ({text.Length:N0})"),
                "keep data out of the pipeline: read large values from a file at run time (a dataset, or from_json of a file the task reads)");
            return null;
        }
        if (YamlSyntaxCheck.Load(text, file, bag) is not { } stream)
        {
            return null;
        }
        if (stream.Documents.Count == 0 || YamlReader.IsNull(stream.Documents[0].RootNode))
        {
            bag.Error(DiagnosticCodes.NotAPipeline, new SourceLocation(file, 1, 1), "the file is empty", "a pipeline starts with 'id:' and has a 'tasks:' list");
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            bag.Error(DiagnosticCodes.NotAPipeline, YamlSyntaxCheck.At(file, stream.Documents[1].RootNode.Start), "the file holds more than one YAML document", "put each pipeline in its own file");
            return null;
        }
        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode map)
        {
            bag.Error(DiagnosticCodes.NotAPipeline, YamlSyntaxCheck.At(file, root.Start), $"a pipeline must be a mapping (id:, name:, tasks: ...), but the file holds {YamlReader.Kind(root)}",
                root is YamlSequenceNode ? "if these are the tasks, put them under 'tasks:' and add an 'id:'" : "start the file with 'id: my_pipeline'");
            return null;
        }
        if (!YamlMerge.Apply(map, file, bag))
        {
            return null;
        }
        return new PipelineYamlParser(new YamlReader(file, text, bag)).Parse(map);
    }

    private static List<Diagnostic> Sorted(IReadOnlyList<Diagnostic> items) =>
        [.. items.Select(static (d, i) => (d, i))
            .OrderBy(static x => x.d.Location.Line == 0 ? int.MaxValue : x.d.Location.Line)
            .ThenBy(static x => x.d.Location.Column)
            .ThenBy(static x => x.i)
            .Select(static x => x.d)];
}
