using System.Globalization;
using Sluice.Definition;

namespace Sluice.Server.Api;

/// <summary>One line per trigger for lists and pages. Webhook keys are never shown.</summary>
internal static class TriggerSummary
{
    public static IReadOnlyList<string> Describe(PipelineDefinition? definition)
    {
        if (definition is null)
        {
            return [];
        }
        var result = new List<string>(definition.Triggers.Count);
        for (var i = 0; i < definition.Triggers.Count; i++)
        {
            var t = definition.Triggers[i];
            string? Get(string key) => t.Settings.TryGetValue(key, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
            result.Add(t.Type switch
            {
                "cron" => $"cron {Get("cron")} ({Get("timezone") ?? "UTC"})",
                "interval" => $"every {Get("every")}",
                "file" => $"file {Get("glob") ?? Get("path")}",
                "webhook" => $"webhook POST /api/webhooks/{definition.Id}/{i}" + (t.Settings.ContainsKey("key") ? " (key required)" : ""),
                "pipeline" => $"after pipeline {Get("pipeline")}",
                _ => t.Type,
            });
        }
        return result;
    }
}
