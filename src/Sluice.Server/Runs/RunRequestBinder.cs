using System.Text.RegularExpressions;
using Sluice.Execution;
using Sluice.Server.Catalog;

namespace Sluice.Server.Runs;

/// <summary>What every launcher does first: find the served pipeline's active version and bind the request's inputs.</summary>
internal static partial class RunRequestBinder
{
    /// <exception cref="RunLaunchException">Unknown pipeline, no valid version, or invalid inputs (with the problems per field).</exception>
    public static (ActivePipeline Active, IReadOnlyDictionary<string, object?> Inputs) Bind(PipelineCatalog catalog, RunRequest request)
    {
        var entry = catalog.Find(request.PipelineId)
            ?? throw new RunLaunchException(RunLaunchFailure.UnknownPipeline, $"no pipeline '{request.PipelineId}' is served from {catalog.Directory}");
        var active = entry.Active
            ?? throw new RunLaunchException(RunLaunchFailure.NotRunnable, $"pipeline '{request.PipelineId}' has no valid version; fix the errors in {entry.FilePath} first");
        var inputs = InputBinder.Bind(active.Definition, request.Inputs, out var errors);
        if (errors.Count > 0)
        {
            var problems = errors.GroupBy(FieldOf).ToDictionary(static g => g.Key, static g => g.ToArray(), StringComparer.Ordinal);
            throw new RunLaunchException(RunLaunchFailure.InvalidInputs, string.Join("; ", errors), problems);
        }
        return (active, inputs);
    }

    private static string FieldOf(string error)
    {
        var m = InputName().Match(error);
        return m.Success ? "inputs." + m.Groups[1].Value : "inputs";
    }

    [GeneratedRegex("^input '([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex InputName();
}
