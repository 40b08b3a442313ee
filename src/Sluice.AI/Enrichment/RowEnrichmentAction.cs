using System.Globalization;
using Sluice.Actions;
using Sluice.AI.Chat;
using Sluice.DataActions;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Diagnostics;

namespace Sluice.AI.Enrichment;

/// <summary>
/// What <c>enrich_with_external</c> and <c>llm_map</c> share: read the dataset, ask the task's model for the fields
/// (batched, bounded, rate limited, retried, cached), write the data with the new columns, account tokens, and — when
/// the model is unreachable or requests fail — leave the fields null and say so as a warning.
/// </summary>
public abstract partial class RowEnrichmentAction : DataAction
{
    private readonly DatasetReader _reader;
    private readonly ChatGateways _gateways;

    internal RowEnrichmentAction(DatasetReader reader, ChatGateways gateways)
    {
        _reader = reader;
        _gateways = gateways;
    }

    /// <summary>Rows wait on a model far longer than they take to read and write; the gateway bounds the requests instead.</summary>
    public override ResourceAppetite Appetite => ResourceAppetite.None;

    /// <summary>The shared parameters: data, prompt, columns, batch_size.</summary>
    protected static ParameterSpec[] CommonParameters { get; } =
    [
        new ParameterSpec("data", ParameterType.Dataset, "The rows to enrich.", Required: true),
        new ParameterSpec("prompt", ParameterType.String, "What the model reads of each row: text with {column} placeholders (single braces), such as \"Review: {review_text}\". The default is the row's columns as JSON."),
        new ParameterSpec("columns", ParameterType.List, "Without 'prompt': the columns the model reads. The default is every column."),
        new ParameterSpec("batch_size", ParameterType.Integer, "Rows per request. The default is 10.", Default: 10L),
    ];

    /// <summary>The fields a task with <paramref name="parameters"/> fills; <paramref name="note"/> hears what <c>&lt;AUTO&gt;</c> chose.</summary>
    private protected abstract IReadOnlyList<EnrichmentField> Fields(IReadOnlyDictionary<string, object?> parameters, string taskId, Action<string> note);

    /// <summary>The names of the data and statistics outputs.</summary>
    private protected abstract (string Data, string Stats) OutputNames { get; }

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = Descriptor.Name;
        var fields = Fields(context.Parameters, context.TaskId, text => context.Log.Write("info", text));
        if (fields.FirstOrDefault(static f => f.Name == RowPrompt.RowKey) is { } reserved)
        {
            throw new SluiceException($"task '{context.TaskId}': '{reserved.Name}' is reserved for the row's number in requests; name the field otherwise", false);
        }
        var batchSize = context.Get("batch_size") is long b ? b : 10;
        if (batchSize is < 1 or > 1000)
        {
            throw new SluiceException($"task '{context.TaskId}': batch_size must be between 1 and 1000, was {batchSize}", false);
        }
        var model = context.Model ?? throw new SluiceException(
            $"task '{context.TaskId}': {name} asks the task's model, and the task has none; add 'model: NAME' naming an entry of 'models:' with provider openai", false);
        if (!ChatModelSettings.IsChatProvider(model))
        {
            throw new SluiceException($"task '{context.TaskId}': model '{model.Name}' is provider '{model.Provider}'; {name} needs a chat model (provider openai, any OpenAI-compatible endpoint)", false);
        }
        var settings = ChatModelSettings.From(model);
        var warnings = new List<string>();
        ChatGateway? gateway = null;
        if (!settings.IsReachable)
        {
            warnings.Add($"not enriched: {settings.UnreachableReason}; the fields {string.Join(", ", fields.Select(static f => f.Name))} are null");
        }
        else
        {
            gateway = _gateways.For(settings);
        }

        var data = DatasetArgument.Resolve(context.Get("data"), "data", context);
        using var quarantine = new QuarantineFile(Path.Combine(context.ArtifactDirectory, "quarantine.jsonl"));
        var opened = _reader.Open(data, quarantine);
        foreach (var f in fields.Where(f => opened.Source.Schema.IndexOf(f.Name) >= 0))
        {
            throw new SluiceException($"task '{context.TaskId}': the data already has a column '{f.Name}'; name the field otherwise", false);
        }
        var prompt = RowPrompt.Create(context.Get("prompt") as string, Args.Strings(context.Parameters, "columns", $"task '{context.TaskId}'"), opened.Source.Schema, context.TaskId);
        var meter = new UsageMeter();
        var enricher = new RowEnricher(fields, prompt, (int)batchSize, gateway, meter);
        var output = await ArtifactWriter.WriteAsync(enricher.Wrap(opened.Source), context, OutputNames.Data, cancellationToken).ConfigureAwait(false);

        foreach (var (error, rows) in enricher.Errors)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{rows} rows not enriched: {error}"));
        }
        foreach (var w in warnings)
        {
            context.Log.Write("stderr", "warning: " + w);
        }
        context.Log.Write(Auto.ModelAutoResolver.UsageStream, meter.ToLogLine(settings));
        context.Log.Write("info", string.Create(CultureInfo.InvariantCulture,
            $"{name}: {enricher.EnrichedRows} of {enricher.Rows} rows enriched by model '{model.Name}' ({meter.Requests} requests, {meter.Cached} cached, {meter.InputTokens + meter.OutputTokens} tokens)"));
        var stats = meter.ToMap(settings);
        stats["model"] = model.Name;
        stats["rows"] = enricher.Rows;
        stats["enriched_rows"] = enricher.EnrichedRows;
        stats["failed_rows"] = enricher.FailedRows;
        stats["enriched"] = gateway is not null && enricher.FailedRows == 0;
        stats["fields"] = fields.Select(static f => (object?)f.Name).ToArray();
        stats["warnings"] = warnings.ToArray<object?>();
        stats["quarantined"] = quarantine.Count;
        return new ActionResult(new Dictionary<string, object?> { [OutputNames.Data] = output, [OutputNames.Stats] = stats });
    }
}
