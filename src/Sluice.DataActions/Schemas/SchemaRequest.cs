using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO.Http;
using Sluice.DataActions.Quality;
using Sluice.Definition;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;
using Sluice.Files;

namespace Sluice.DataActions.Schemas;

/// <summary>
/// One task as its <see cref="IDeclaresSchema"/> sees it before the run: the parameters as written (templates
/// unrendered), where each of them is in the pipeline file, and the schemas of the datasets they name — an upstream
/// task's output (<c>{{ ingest.raw_data }}</c>) or a literal file path, whose header, footer or first records are read.
/// </summary>
public sealed class SchemaRequest
{
    private readonly Func<string, SourceLocation> _locate;
    private readonly Func<string, string, Schema?> _upstream;
    private readonly Func<string, string?> _whyUnknown;
    private readonly IDatasetOpener _opener;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly List<string> _unknown = [];

    internal SchemaRequest(string taskId, IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate,
        Func<string, string, Schema?> upstream, Func<string, string?> whyUnknown, IDatasetOpener opener)
    {
        TaskId = taskId;
        Parameters = parameters;
        _locate = locate;
        _upstream = upstream;
        _whyUnknown = whyUnknown;
        _opener = opener;
    }

    /// <summary>The task.</summary>
    public string TaskId { get; }

    /// <summary>The parameters as written in the pipeline.</summary>
    public IReadOnlyDictionary<string, object?> Parameters { get; }

    /// <summary>The problems reported so far.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Why an input's schema is unknown, one line per input; empty when every input the task read was known.</summary>
    public IReadOnlyList<string> Unknown => _unknown;

    /// <summary>Where the value at <paramref name="path"/> (below the task's <c>parameters</c>, such as <c>transformations[2].sort[0]</c>) is in the file.</summary>
    public SourceLocation Locate(string path) => _locate(path);

    /// <summary>Where the text of the value at <paramref name="path"/> starts: after the quote of a quoted scalar, so a position inside an expression counts from there.</summary>
    public SourceLocation Origin(string path)
    {
        var value = _locate(path);
        return _locate(path + "#value") is var text && (text.Line > value.Line || (text.Line == value.Line && text.Column > value.Column)) ? text : value;
    }

    /// <summary>True when an error has been reported for this task.</summary>
    public bool HasErrors => _diagnostics.Exists(static d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Reports a problem found in the parameters.</summary>
    public void Report(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        _diagnostics.Add(diagnostic);
    }

    /// <summary>Reports a located expression or column error (its message is what the task would fail with when it starts).</summary>
    public void Report(ExpressionException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Report(error.Diagnostic ?? new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, error.Reason, error.Location));
    }

    /// <summary>Records that an input's schema is known only at run time.</summary>
    public void Unknowable(string reason) => _unknown.Add(reason);

    /// <summary>The schema of the dataset parameter <paramref name="path"/>, or null (with the reason recorded) when it is known only at run time.</summary>
    public Schema? Dataset(string path) => Dataset(Parameters.GetValueOrDefault(path), path);

    /// <summary>
    /// The schema of the dataset <paramref name="value"/> written at <paramref name="path"/>: a reference to an upstream
    /// output, a literal path (or a map with <c>path</c> and <c>format</c>), or null (with the reason recorded).
    /// </summary>
    public Schema? Dataset(object? value, string path)
    {
        switch (value)
        {
            case string text when Template.ContainsTemplate(text):
                return Reference(text, path);
            case string url when HttpSourceSettings.IsUrl(url):
                return Missing(path, $"'{path}' is read from {url} at run time");
            case string file:
                return Sniff(file, null, [], path);
            case IReadOnlyDictionary<string, object?> map when map.GetValueOrDefault("path") is string file && !map.Values.Any(static v => v is string s && Template.ContainsTemplate(s)):
                var options = map.Where(static kv => kv.Key is not ("path" or "format")).ToDictionary(static kv => kv.Key, static kv => kv.Value, StringComparer.Ordinal);
                return HttpSourceSettings.IsUrl(file) ? Missing(path, $"'{path}' is read from {file} at run time") : Sniff(file, map.GetValueOrDefault("format") as string, options, path);
            case IReadOnlyDictionary<string, object?> map when map.GetValueOrDefault("path") is string text && Template.ContainsTemplate(text) && map.Keys.All(static k => k is "path" or "columns"):
                // An upstream output read through a map for its 'columns' (DatasetArgument.Project): the projected schema.
                return Reference(text, path) is { } upstream ? Project(upstream, map.GetValueOrDefault("columns"), $"{path}.columns") : null;
            case IReadOnlyList<object?> { Count: 1 } single:
                return Dataset(single[0], path);
            case null or AutoValue:
                return Missing(path, $"'{path}' is not given");
            default:
                return Missing(path, $"'{path}' is {ExprValues.TypeName(value)}, known only at run time");
        }
    }

    /// <summary>
    /// The schema of the file at <paramref name="file"/> as the task would read it (format and delimiter detected unless
    /// given; types inferred from a sample as at run time), or null when it does not exist yet or cannot be read.
    /// </summary>
    public Schema? Sniff(string file, string? format, Dictionary<string, object?> options, string path)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (FileStorage.IsRemote(file) || file.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            return Missing(path, $"'{file}' is listed at run time");
        }

        if (!File.Exists(file) && !Directory.Exists(file))
        {
            return Missing(path, $"'{file}' does not exist yet");
        }

        try
        {
            return _opener.Open(DatasetArgument.FromPath(file, format, options, SilentLog.Instance), null).Schema;
        }
        catch (Exception ex) when (ex is SluiceException or DataException or IOException or UnauthorizedAccessException)
        {
            return Missing(path, $"'{file}' could not be read: {ex.Message}");
        }
    }

    private Schema? Reference(string text, string path)
    {
        if (!Template.TryParse(text, new SourceLocation(path, 1, 1), out var template, out _) || !template!.IsSingleExpression
            || template.References is not [{ Member: { } output } reference]
            || !string.Equals(template.Expressions.Single().Text.Replace(" ", "", StringComparison.Ordinal), $"{reference.Root}.{output}", StringComparison.Ordinal))
        {
            return Missing(path, $"'{path}' is computed at run time ({text.Trim()})");
        }

        if (_upstream(reference.Root, output) is { } schema)
        {
            return schema;
        }

        // Not a task (inputs, context, run): a value chosen when the run starts.
        var why = _whyUnknown(reference.Root);
        return why is null
            ? Missing(path, $"'{path}' is computed at run time ({text.Trim()})")
            : Missing(path, $"'{path}' comes from {(why.Length > 0 ? why : $"'{reference.Root}.{output}', which is not a dataset known before the run")}");
    }

    private Schema Project(Schema upstream, object? columns, string path)
    {
        if (columns is not IReadOnlyList<object?> names)
        {
            return upstream;
        }

        ColumnChecks.Require(this, upstream, names, path);
        return new Schema(names.OfType<string>().Where(n => upstream.IndexOf(n) >= 0).Select(n => upstream[upstream.IndexOf(n)]).ToArray());
    }

    private Schema? Missing(string path, string reason)
    {
        _ = path;
        _unknown.Add(reason);
        return null;
    }
}
