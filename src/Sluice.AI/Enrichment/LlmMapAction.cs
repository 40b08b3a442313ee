using Sluice.Actions;
using Sluice.AI.Chat;
using Sluice.DataActions.IO;
using Sluice.Diagnostics;

namespace Sluice.AI.Enrichment;

/// <summary>
/// <c>llm_map</c>: the general LLM row action — for every row, the task's model extracts, categorizes into allowed
/// labels, summarizes or rates sentiment, one output column per entry of <c>fields</c>, with structured output.
/// </summary>
public sealed class LlmMapAction : RowEnrichmentAction
{
    internal LlmMapAction(DatasetReader reader, ChatGateways gateways) : base(reader, gateways)
    {
    }

    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "llm_map",
        "Asks the task's model (provider openai) for new columns of every row: extract, categorize into labels, summarize, sentiment, or any instruction; batched, rate limited, retried and cached. Without a reachable model the columns are null and the task warns.",
        [
            .. CommonParameters,
            new ParameterSpec("fields", ParameterType.Map, "Column name → an instruction (text) or {task: extract|categorize|summarize|sentiment, what, labels, max_words, instruction, type: string|number|integer|boolean}.", Required: true),
        ],
        [
            new OutputSpec("data", "The rows with the new columns (a dataset)."),
            new OutputSpec("stats", "rows, enriched_rows, failed_rows, enriched, requests, cached, retries, input_tokens, output_tokens, total_tokens, warnings."),
        ]);

    private protected override (string Data, string Stats) OutputNames => ("data", "stats");

    private protected override string FieldsParameter => "fields";

    private protected override IReadOnlyList<EnrichmentField> Fields(IReadOnlyDictionary<string, object?> parameters, string taskId, Action<string> note) =>
        parameters.GetValueOrDefault("fields") is IReadOnlyDictionary<string, object?> { Count: > 0 } map
            ? [.. map.Select(kv => EnrichmentField.Parse(kv.Key, kv.Value, taskId))]
            : throw new SluiceException($"task '{taskId}': fields must be a map of column name → instruction, such as {{mood: {{task: sentiment}}}}", false);
}
