namespace Sluice.Server.Scheduling;

/// <summary>
/// The ids of runs started by other runs (<c>type: pipeline</c> and <c>type: dataset</c> triggers) name their whole
/// chain: <c>downstream@after-upstream@…</c>, <c>consumer@dataset-producer@…</c>. A pipeline already in the chain is not
/// started again, so a cycle of triggers stops instead of running forever.
/// </summary>
internal static class TriggerChain
{
    private static readonly string[] Separators = ["@after-", "@dataset-"];

    /// <summary>The id of the run of <paramref name="pipelineId"/> that <paramref name="upstreamRunId"/> of <paramref name="upstreamPipelineId"/> starts.</summary>
    public static string RunId(string pipelineId, string separator, string upstreamRunId, string upstreamPipelineId) =>
        pipelineId + separator + (upstreamRunId.StartsWith(upstreamPipelineId + "@", StringComparison.Ordinal) ? upstreamRunId : upstreamPipelineId + "@" + upstreamRunId);

    /// <summary>True when <paramref name="pipelineId"/> already ran in the chain of triggered runs that ends with <paramref name="runId"/> of <paramref name="runPipelineId"/>.</summary>
    public static bool Contains(string runId, string runPipelineId, string pipelineId)
    {
        if (runPipelineId == pipelineId)
        {
            return true;
        }
        foreach (var segment in runId.Split(Separators, StringSplitOptions.None))
        {
            var at = segment.IndexOf('@', StringComparison.Ordinal);
            if ((at < 0 ? segment : segment[..at]) == pipelineId)
            {
                return true;
            }
        }
        return false;
    }
}
