using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Data.Batches;
using Sluice.Diagnostics;

namespace Sluice.AI.Enrichment;

/// <summary>
/// What the model sees of one row: a prompt template with <c>{column}</c> placeholders (single braces, so the
/// pipeline's own <c>{{ }}</c> templates stay apart), or, without one, the row's columns as a JSON object.
/// </summary>
internal sealed partial class RowPrompt
{
    private readonly string? _template;
    private readonly int[] _columns;
    private readonly string[] _names;

    private RowPrompt(string? template, int[] columns, string[] names)
    {
        _template = template;
        _columns = columns;
        _names = names;
    }

    /// <summary>Checks the template's placeholders and <paramref name="columns"/> against <paramref name="schema"/>.</summary>
    public static RowPrompt Create(string? template, IReadOnlyList<string>? columns, Schema schema, string taskId)
    {
        var names = template is not null
            ? Placeholder().Matches(template).Select(static m => m.Groups[1].Value).Distinct().ToArray()
            : columns?.ToArray() ?? [.. schema.Fields.Select(static f => f.Name)];
        var indexes = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            indexes[i] = schema.IndexOf(names[i]);
            if (indexes[i] < 0)
            {
                throw new SluiceException($"task '{taskId}': {(template is null ? "columns names" : "the prompt's placeholder")} '{names[i]}', which is not a column of the data (columns: {string.Join(", ", schema.Fields.Select(static f => f.Name))})", false);
            }
        }
        return new RowPrompt(template, indexes, names);
    }

    /// <summary>The key of a row's number in requests and answers; the row's own columns are nested, so none can collide with it.</summary>
    public const string RowKey = "_row";

    /// <summary>The row as the model gets it: <c>{"_row": n, "text": rendered}</c> or <c>{"_row": n, "columns": {column: value, ...}}</c>.</summary>
    public string Render(RecordBatch batch, int row, int id)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteNumber(RowKey, id);
            if (_template is not null)
            {
                var text = Placeholder().Replace(_template, m => Cell(batch, _columns[Array.IndexOf(_names, m.Groups[1].Value)], row) ?? "");
                w.WriteString("text", text);
            }
            else
            {
                w.WriteStartObject("columns");
                for (var i = 0; i < _columns.Length; i++)
                {
                    if (Cell(batch, _columns[i], row) is { } v)
                    {
                        w.WriteString(_names[i], v);
                    }
                    else
                    {
                        w.WriteNull(_names[i]);
                    }
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string? Cell(RecordBatch batch, int column, int row) => batch.Column(column).GetValue(row) switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var o => o.ToString(),
    };

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_ .-]*)\}")]
    private static partial Regex Placeholder();
}
