namespace Sluice.State;

/// <summary>
/// What a run did with models, read back from its log: the usage lines (<see cref="LogStreams.Usage"/>) added up per
/// run and per model, and its <c>&lt;AUTO&gt;</c> decisions (<see cref="LogStreams.Auto"/>) in order. <c>sluice show</c>,
/// the run report, the processing report, the API and <c>/metrics</c> all read it here.
/// </summary>
/// <param name="Usage">The run's totals.</param>
/// <param name="ByModel">The totals per model name (ordinal order).</param>
/// <param name="Decisions">The <c>&lt;AUTO&gt;</c> decisions.</param>
public sealed record RunModelActivity(ModelUsage Usage, IReadOnlyDictionary<string, ModelUsage> ByModel, IReadOnlyList<AutoDecision> Decisions)
{
    private const int Page = 10_000;

    /// <summary>Reads every usage and decision line of <paramref name="runId"/>.</summary>
    public static async Task<RunModelActivity> ReadAsync(IStateStore store, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var usage = ModelUsage.None;
        var byModel = new SortedDictionary<string, ModelUsage>(StringComparer.Ordinal);
        var decisions = new List<AutoDecision>();
        long after = 0;
        while (true)
        {
            var page = await store.GetLogsAsync(runId, null, after, Page, cancellationToken).ConfigureAwait(false);
            foreach (var l in page)
            {
                if (l.Stream == LogStreams.Usage)
                {
                    var u = ModelUsage.Parse(l.Text);
                    usage = usage.Add(u);
                    var model = ModelUsage.ModelOf(l.Text) ?? "";
                    byModel[model] = byModel.TryGetValue(model, out var sum) ? sum.Add(u) : u;
                }
                else if (l.Stream == LogStreams.Auto && AutoDecision.Parse(l) is { } d)
                {
                    decisions.Add(d);
                }
            }
            if (page.Count < Page)
            {
                return new(usage, byModel, decisions);
            }
            after = page[^1].Sequence;
        }
    }

    /// <summary>Writes the properties <c>auto_decisions</c> (array) and <c>model_usage</c> (with <c>by_model</c>) into the open object.</summary>
    public void WriteJsonProperties(System.Text.Json.Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray("auto_decisions");
        foreach (var d in Decisions)
        {
            d.WriteJson(writer);
        }
        writer.WriteEndArray();
        writer.WritePropertyName("model_usage");
        Usage.WriteJson(writer, ByModel);
    }
}
