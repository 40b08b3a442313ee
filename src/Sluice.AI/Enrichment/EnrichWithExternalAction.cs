using Sluice.Actions;
using Sluice.AI.Chat;
using Sluice.DataActions.IO;
using Sluice.Definition;
using Sluice.Diagnostics;

namespace Sluice.AI.Enrichment;

/// <summary>
/// <c>enrich_with_external</c> (seed 000): adds the named <c>enrichment_fields</c> (location, category, sentiment, …) to
/// every row, answered by the task's model from the row's content. The model is the only external source: other
/// sources are refused rather than pretended.
/// </summary>
public sealed class EnrichWithExternalAction : RowEnrichmentAction
{
    internal EnrichWithExternalAction(DatasetReader reader, ChatGateways gateways) : base(reader, gateways)
    {
    }

    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "enrich_with_external",
        "Adds enrichment_fields (location, category, sentiment, summary, language or any name) to every row, answered by the task's model (provider openai) from the row's content; batched, rate limited, retried and cached. Without a reachable model the fields are null and the task warns.",
        [
            .. CommonParameters,
            new ParameterSpec("enrichment_fields", ParameterType.List, "The columns to add. sentiment is one of positive, neutral, negative; location, category, summary and language have built-in instructions; any other name asks for that property of the row.", Required: true),
            new ParameterSpec("enrichment_sources", ParameterType.Any, "Where values come from: only 'model' (the task's model) is supported. <AUTO> picks it.", Default: "model", SupportsAuto: true),
        ],
        [
            new OutputSpec("enriched_data", "The rows with the fields added (a dataset)."),
            new OutputSpec("enrichment_stats", "rows, enriched_rows, failed_rows, enriched, requests, cached, retries, input_tokens, output_tokens, total_tokens, warnings."),
        ]);

    private protected override (string Data, string Stats) OutputNames => ("enriched_data", "enrichment_stats");

    private protected override string FieldsParameter => "enrichment_fields";

    private protected override IReadOnlyList<EnrichmentField> Fields(IReadOnlyDictionary<string, object?> parameters, string taskId, Action<string> note)
    {
        var sources = parameters.GetValueOrDefault("enrichment_sources");
        if (sources is AutoValue)
        {
            note("enrichment_sources <AUTO>: model (the task's model is the only source this action can ask)");
        }
        else if (!(sources is null or "model" || sources is IReadOnlyList<object?> list && list.All(static s => s is "model")))
        {
            throw new SluiceException($"task '{taskId}': enrichment_sources supports only 'model' (the task's model answers from the row), got {Expressions.ExprValues.ToText(sources)}", false);
        }
        if (parameters.GetValueOrDefault("enrichment_fields") is not IReadOnlyList<object?> { Count: > 0 } names || !names.All(static n => n is string { Length: > 0 }))
        {
            throw new SluiceException($"task '{taskId}': enrichment_fields must be a non-empty list of column names, such as [location, category, sentiment]", false);
        }
        return [.. names.Cast<string>().Distinct(StringComparer.Ordinal).Select(EnrichmentField.Known)];
    }
}
