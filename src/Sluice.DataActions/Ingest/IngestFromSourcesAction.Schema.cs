using Sluice.Data.Batches;
using Sluice.DataActions.IO;
using Sluice.DataActions.Schemas;
using Sluice.Definition;
using Sluice.Expressions;

namespace Sluice.DataActions.Ingest;

/// <summary>The schema of <c>raw_data</c> before the run.</summary>
public sealed partial class IngestFromSourcesAction : IDeclaresSchema
{
    /// <summary>
    /// <c>raw_data</c>: the source's columns as the task would read them (a literal file's header or footer, with the
    /// given format, delimiter and header, types inferred from a sample), the <c>schema</c> parameter's types over them, and only
    /// the <c>columns</c> kept. A database source, a URL or a path computed at run time is known only when the task runs.
    /// </summary>
    public IReadOnlyDictionary<string, Schema> OutputSchemas(SchemaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var p = request.Parameters;
        var none = new Dictionary<string, Schema>(StringComparer.Ordinal);
        if (p.Where(static kv => kv.Key != "source").Any(static kv => kv.Value is AutoValue ? kv.Key is "delimiter" : kv.Value is string s && Template.ContainsTemplate(s)))
        {
            request.Unknowable("a reading option is computed at run time");
            return none;
        }

        var source = p.GetValueOrDefault("source");
        Schema? read;
        if (source is IReadOnlyDictionary<string, object?> map && map.ContainsKey("connection"))
        {
            request.Unknowable("'source' is a database table, read when the task runs");
            return none;
        }

        if (source is string path && !Template.ContainsTemplate(path) && !IO.Http.HttpSourceSettings.IsUrl(path))
        {
            var options = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (p.GetValueOrDefault("delimiter") is string d)
            {
                options["delimiter"] = d is "\\t" or "tab" ? "\t" : d;
            }

            if (p.GetValueOrDefault("header") is bool header)
            {
                options["header"] = header;
            }

            if (p.GetValueOrDefault("compression") is string c and not "auto")
            {
                options["gzip"] = c == "gzip";
            }

            read = request.Sniff(path, p.GetValueOrDefault("format") is string f and not "auto" ? f : null, options, "source");
        }
        else
        {
            read = request.Dataset(source, "source");
        }

        if (read is null)
        {
            return none;
        }

        if (DatasetSchema.FromParameter(p.GetValueOrDefault("schema") is AutoValue ? null : p.GetValueOrDefault("schema"), "schema") is { } typed)
        {
            read = new Schema(read.Fields.Select(f => typed.IndexOf(f.Name) is var i and >= 0 ? typed[i] : f));
        }

        if (p.GetValueOrDefault("columns") is IReadOnlyList<object?> columns)
        {
            ColumnChecks.Require(request, read, columns, "columns");
            var kept = columns.OfType<string>().Where(c => read.IndexOf(c) >= 0).ToList();
            read = new Schema(kept.Select(c => read[read.IndexOf(c)]));
        }

        return new Dictionary<string, Schema>(StringComparer.Ordinal) { ["raw_data"] = read };
    }
}
