using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Data.Batches;
using Sluice.Diagnostics;

namespace Sluice.AI.Enrichment;

/// <summary>
/// One column a model fills per row: its name, the instruction the model gets, the answer's type and, for
/// categorizing, the only labels allowed. Built from a field spec (<see cref="Parse"/>) or a well-known name
/// (<see cref="Known"/>).
/// </summary>
/// <param name="Name">The output column.</param>
/// <param name="Instruction">What the model is asked for.</param>
/// <param name="Type">string, number, integer or boolean.</param>
/// <param name="Labels">The allowed values (categorize, sentiment), or null.</param>
internal sealed record EnrichmentField(string Name, string Instruction, string Type, IReadOnlyList<string>? Labels)
{
    private static readonly string[] Sentiments = ["positive", "neutral", "negative"];
    private static readonly string[] Types = ["string", "number", "integer", "boolean"];

    /// <summary>The output column's type.</summary>
    public DataType DataType => Type switch
    {
        "number" => DataType.Float64,
        "integer" => DataType.Int64,
        "boolean" => DataType.Bool,
        _ => DataType.String,
    };

    /// <summary>The JSON schema of one answer: the type or null (a model may say it does not know).</summary>
    public JsonObject Schema()
    {
        var schema = new JsonObject { ["type"] = new JsonArray(Type, "null") };
        if (Labels is { } labels)
        {
            schema["enum"] = new JsonArray([.. labels.Select(static l => (JsonNode?)JsonValue.Create(l)), null]);
        }
        return schema;
    }

    /// <summary>The defaults of <c>enrich_with_external</c>'s <c>enrichment_fields</c> names.</summary>
    public static EnrichmentField Known(string name) => name switch
    {
        "sentiment" => new(name, "the sentiment the row expresses", "string", Sentiments),
        "location" => new(name, "the place the row refers to (city, region or country), or null when it names none", "string", null),
        "category" => new(name, "a short (one or two words) category of what the row is about", "string", null),
        "summary" => new(name, "a summary of the row in at most 20 words", "string", null),
        "language" => new(name, "the ISO 639-1 code of the row's language", "string", null),
        _ => new(name, $"the row's {name.Replace('_', ' ')}, or null when it cannot be told from the row", "string", null),
    };

    /// <summary>
    /// Reads one entry of <c>llm_map</c>'s <c>fields</c>: an instruction as text, or a map with <c>task</c>
    /// (extract, categorize, summarize, sentiment), <c>instruction</c>, <c>labels</c>, <c>type</c>, <c>max_words</c>.
    /// </summary>
    public static EnrichmentField Parse(string name, object? spec, string taskId)
    {
        var where = $"task '{taskId}': fields.{name}";
        if (spec is string text && text.Length > 0)
        {
            return new(name, text, "string", null);
        }
        if (spec is not IReadOnlyDictionary<string, object?> map)
        {
            throw new SluiceException($"{where} must be an instruction (text) or a map with 'task' or 'instruction'; for example {{task: categorize, labels: [a, b]}}", false);
        }
        foreach (var key in map.Keys.Where(static k => k is not ("task" or "instruction" or "labels" or "type" or "max_words" or "what")))
        {
            throw new SluiceException($"{where}: unknown key '{key}' (use task, instruction, what, labels, type, max_words)", false);
        }
        var task = map.GetValueOrDefault("task") as string;
        var instruction = map.GetValueOrDefault("instruction") as string;
        var labels = map.GetValueOrDefault("labels") switch
        {
            null => null,
            IReadOnlyList<object?> list when list.Count > 0 && list.All(static l => l is string) => list.Cast<string>().ToArray(),
            _ => throw new SluiceException($"{where}.labels must be a non-empty list of text", false),
        };
        var type = map.GetValueOrDefault("type") as string ?? "string";
        if (!Types.Contains(type))
        {
            throw new SluiceException($"{where}.type must be one of {string.Join(", ", Types)}, was '{type}'", false);
        }
        switch (task)
        {
            case null when instruction is not null:
                return new(name, instruction, type, labels);
            case "sentiment":
                return new(name, instruction ?? "the sentiment the row expresses", "string", labels ?? Sentiments);
            case "categorize":
                return labels is null
                    ? throw new SluiceException($"{where}: task categorize needs 'labels', the categories allowed", false)
                    : new(name, instruction ?? "the category of the row", "string", labels);
            case "summarize":
                var words = map.GetValueOrDefault("max_words") is long n and > 0 ? n : 20;
                return new(name, instruction ?? string.Create(CultureInfo.InvariantCulture, $"a summary of the row in at most {words} words"), "string", null);
            case "extract":
                var what = map.GetValueOrDefault("what") as string ?? instruction
                    ?? throw new SluiceException($"{where}: task extract needs 'what', the thing to extract (for example \"the product name\")", false);
                return new(name, $"{what}, copied from the row, or null when the row has none", type, labels);
            default:
                throw new SluiceException($"{where}.task must be extract, categorize, summarize or sentiment (or give 'instruction'), was '{task}'", false);
        }
    }
}
