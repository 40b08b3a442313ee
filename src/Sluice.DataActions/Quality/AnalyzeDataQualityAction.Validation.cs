using Sluice.Data;
using Sluice.Data.Batches;
using Sluice.Data.Quality.Analysis;
using Sluice.Data.Quality.Checks;
using Sluice.DataActions.Common;
using Sluice.DataActions.Schemas;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;
using static Sluice.DataActions.Quality.QualityActionHelpers;

namespace Sluice.DataActions.Quality;

/// <summary>Load-time checks of <c>analyze_data_quality</c>.</summary>
public sealed partial class AnalyzeDataQualityAction
{
    /// <summary>
    /// Load-time checks: every literal check is parsed with the check parser, its errors (unknown metric, malformed
    /// threshold, bad regex, unknown reference name...) located at the character in the file; the expression of an
    /// expression check is parsed with the column-expression binder (syntax, functions, arity). When <c>data</c> or a
    /// reference is a literal path to an existing file, its header gives the columns, and unknown columns are errors too.
    /// Reference names are checked against a literal <c>references</c> map (none given: no names are known). Gates need
    /// a known metric, a numeric min and a known on_fail. Templates are skipped. (A check written as a quoted map key is
    /// located at its opening quote.)
    /// </summary>
    public IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(locate);
        var found = new List<Diagnostic>();
        void Error(string path, string message, string? hint = null) =>
            found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, message, locate(path), hint));

        CheckChecks(parameters, locate, Peek(parameters.GetValueOrDefault("data")), found, Error);
        ValidateGates(parameters, Error);
        return found;
    }

    /// <summary>
    /// Before the run, the checks against the columns of <c>data</c> when it is an upstream task's output (a literal
    /// file was read at load time by <see cref="ValidateParameters"/>, with the same messages). The action writes no dataset.
    /// </summary>
    public IReadOnlyDictionary<string, Schema> OutputSchemas(SchemaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Parameters.GetValueOrDefault("data") is not string literal || Template.ContainsTemplate(literal))
        {
            if (request.Dataset("data") is { } schema)
            {
                var found = new List<Diagnostic>();
                CheckChecks(request.Parameters, request.Locate, schema, found,
                    (path, message, hint) => found.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, message, request.Locate(path), hint)));
                foreach (var d in found)
                {
                    request.Report(d);
                }
            }
        }
        else if (Peek(literal) is null)
        {
            _ = request.Dataset("data");
        }

        return new Dictionary<string, Schema>(StringComparer.Ordinal);
    }

    private void CheckChecks(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate, Schema? schema, List<Diagnostic> found, Action<string, string, string?> error)
    {
        SourceText? At(object? text, string path)
        {
            if (text is not string s || Template.ContainsTemplate(s))
            {
                return null;
            }

            // A quoted or block scalar's text starts after its quote (path#value); a plain one where the value starts.
            var v = locate(path);
            var origin = locate(path + "#value") is var t && (t.Line > v.Line || (t.Line == v.Line && t.Column > v.Column)) ? t : v;
            return new SourceText(s, origin.HasPosition ? new(origin.Line, origin.Column) : TextPosition.Start);
        }

        var file = locate(string.Empty).File;
        var options = new CheckParserOptions
        {
            Columns = schema?.Fields.Select(static f => f.Name).ToList(),
            Datasets = ReferenceNames(parameters.GetValueOrDefault("references"), error),
        };
        var checks = parameters.GetValueOrDefault("checks") as IReadOnlyList<object?> ?? [];
        for (var i = 0; i < checks.Count; i++)
        {
            var path = $"checks[{i}]";
            CheckParseResult? result = null;
            switch (checks[i])
            {
                case string text when At(text, path) is { } source:
                    result = CheckParser.Parse(source, options: options);
                    break;
                case string:
                    break;
                case IReadOnlyDictionary<string, object?> { Count: 1 } map when map.First().Value is IReadOnlyDictionary<string, object?> t:
                    var key = map.First().Key;
                    var keyAt = locate($"{path}.{key}#key");
                    result = Template.ContainsTemplate(key) ? null : CheckParser.Parse(
                        new SourceText(key, keyAt.HasPosition ? new(keyAt.Line, keyAt.Column) : TextPosition.Start),
                        At(t.GetValueOrDefault("warn"), $"{path}.{key}.warn"),
                        At(t.GetValueOrDefault("fail"), $"{path}.{key}.fail"),
                        options);
                    break;
                default:
                    error(path, $"{path} must be a check such as 'missing_percent(amount) < 1' or {{check: {{warn: '> 1', fail: '> 5'}}}}, not {Describe(checks[i])}", null);
                    break;
            }

            found.AddRange(result?.Diagnostics.Select(d => new Diagnostic(DiagnosticSeverity.Error, d.Code, d.Message, new SourceLocation(file, d.Position.Line, d.Position.Column),
                d.Code == CheckErrorCodes.UnknownDataset && options.Datasets?.Count == 0 ? NoReferencesHint : d.Hint)) ?? []);
            if (result?.Check is { Expression: not null } check && CheckExpressions.Check(check, CheckExpressions.Origin(check, file), schema) is { } bad)
            {
                found.Add(bad.Diagnostic ?? new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, bad.Reason, bad.Location));
            }
        }

    }

    private const string NoReferencesHint = "name the data set in the task's 'references' parameter, e.g. references: {customers: \"{{ ingest_customers.raw_data }}\"}";

    private static void ValidateGates(IReadOnlyDictionary<string, object?> parameters, Action<string, string, string?> error)
    {
        var gates = parameters.GetValueOrDefault("gates") as IReadOnlyList<object?> ?? [];
        for (var i = 0; i < gates.Count; i++)
        {
            var path = $"gates[{i}]";
            if (gates[i] is not IReadOnlyDictionary<string, object?> gate)
            {
                error(path, $"{path} must be {{metric: overall, min: 0.9, on_fail: warn|fail_task|fail_run}}, not {Describe(gates[i])}", null);
                continue;
            }

            if (gate.GetValueOrDefault("metric") is var metric && !(metric is string m && (QualityReport.MetricNames.Contains(m) || Template.ContainsTemplate(m))))
            {
                error($"{path}.metric", $"{path}.metric cannot be {Describe(metric)}", NameSuggester.Hint(metric as string ?? "", QualityReport.MetricNames, "metrics"));
            }

            if (gate.GetValueOrDefault("min") is var min && min is not (long or double) && !(min is string ms && Template.ContainsTemplate(ms)))
            {
                error($"{path}.min", $"{path}.min must be a number such as 0.9, not {Describe(min)}", null);
            }

            if (gate.GetValueOrDefault("on_fail") is string onFail && onFail is not ("warn" or "fail_task" or "fail_run") && !Template.ContainsTemplate(onFail))
            {
                error($"{path}.on_fail", $"{path}.on_fail cannot be '{onFail}'", NameSuggester.Hint(onFail, ["warn", "fail_task", "fail_run"], "values"));
            }
        }
    }

    /// <summary>
    /// The names a literal <c>references</c> map gives (with the columns of those that are existing files), for the check
    /// parser; an empty map when the parameter is absent; null when the names are only known at run time (a template).
    /// </summary>
    private Dictionary<string, IReadOnlyCollection<string>?>? ReferenceNames(object? references, Action<string, string, string?> error)
    {
        switch (references)
        {
            case null:
                return new Dictionary<string, IReadOnlyCollection<string>?>(StringComparer.Ordinal);
            case IReadOnlyDictionary<string, object?> map when !map.Keys.Any(Template.ContainsTemplate):
                var names = new Dictionary<string, IReadOnlyCollection<string>?>(StringComparer.Ordinal);
                foreach (var (name, value) in map)
                {
                    if (value is not string)
                    {
                        error($"references.{name}", $"references.{name} must be a dataset (an upstream output such as \"{{{{ ingest_customers.raw_data }}}}\") or a file path, not {Describe(value)}", null);
                    }

                    names[name] = Peek(value)?.Fields.Select(static f => f.Name).ToList();
                }

                return names;
            default:
                return null;
        }
    }

    /// <summary>The schema of a dataset given as a literal path to an existing file (its header is read); null otherwise.</summary>
    private Schema? Peek(object? value)
    {
        if (value is not string path || Template.ContainsTemplate(path) || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return opener.Open(DatasetArgument.FromPath(path, null, [], SilentLog.Instance), null).Schema;
        }
        catch (Exception ex) when (ex is SluiceException or DataException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
