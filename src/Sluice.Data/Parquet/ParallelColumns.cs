using System.Runtime.ExceptionServices;

namespace Sluice.Data.Parquet;

/// <summary>Runs per-column work in parallel and rethrows the first failure as itself (not wrapped in an AggregateException).</summary>
internal static class ParallelColumns
{
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
    }
}
