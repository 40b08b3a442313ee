using Sluice.State;

namespace Sluice.Server.Api;

/// <summary>The last few runs of every pipeline: one query over recent runs, then one per pipeline that had none in it.</summary>
internal static class RecentRuns
{
    private const int Window = 500;

    public static async Task<Dictionary<string, List<RunRecord>>> ByPipelineAsync(IStateStore store, IEnumerable<string> pipelineIds, int perPipeline, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<RunRecord>>(StringComparer.Ordinal);
        var recent = await store.ListRunsAsync(new RunQuery(Limit: Window), cancellationToken).ConfigureAwait(false);
        foreach (var run in recent)
        {
            if (!result.TryGetValue(run.PipelineId, out var list))
            {
                result[run.PipelineId] = list = [];
            }
            if (list.Count < perPipeline)
            {
                list.Add(run);
            }
        }
        var windowFull = recent.Count == Window;
        foreach (var id in pipelineIds)
        {
            var have = result.TryGetValue(id, out var list) ? list.Count : 0;
            // Only a pipeline whose runs fell out of the window needs its own (indexed) query.
            if (windowFull && have < perPipeline)
            {
                result[id] = [.. await store.ListRunsAsync(new RunQuery(PipelineId: id, Limit: perPipeline), cancellationToken).ConfigureAwait(false)];
            }
        }
        return result;
    }
}
