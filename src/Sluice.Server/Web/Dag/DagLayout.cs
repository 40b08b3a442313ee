namespace Sluice.Server.Web.Dag;

/// <summary>
/// Lays a DAG out left to right by longest-path layering: a node's column is one more than the
/// deepest of its dependencies. Within a column, nodes are ordered by the mean row of their
/// dependencies (one barycentre sweep), which removes most crossings at O(V + E).
/// </summary>
internal static class DagLayout
{
    /// <summary>Column and row of each node (same order as <paramref name="dependencies"/>). Edges to unknown ids are ignored.</summary>
    public static (int Column, int Row)[] Compute(IReadOnlyList<string> ids, IReadOnlyList<IReadOnlyList<string>> dependencies)
    {
        var n = ids.Count;
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            index[ids[i]] = i;
        }
        var deps = new int[n][];
        var dependents = new List<int>[n];
        var indegree = new int[n];
        for (var i = 0; i < n; i++)
        {
            dependents[i] = [];
        }
        for (var i = 0; i < n; i++)
        {
            deps[i] = [.. dependencies[i].Where(index.ContainsKey).Select(d => index[d]).Distinct()];
            indegree[i] = deps[i].Length;
            foreach (var d in deps[i])
            {
                dependents[d].Add(i);
            }
        }
        // Kahn's order: a dependency always gets its column before its dependents.
        var column = new int[n];
        var order = new List<int>(n);
        var ready = new Queue<int>(Enumerable.Range(0, n).Where(i => indegree[i] == 0));
        while (ready.TryDequeue(out var i))
        {
            order.Add(i);
            foreach (var d in dependents[i])
            {
                column[d] = Math.Max(column[d], column[i] + 1);
                if (--indegree[d] == 0)
                {
                    ready.Enqueue(d);
                }
            }
        }
        // A cycle cannot pass validation; should one appear anyway, its nodes go last rather than vanish.
        if (order.Count < n)
        {
            var maxColumn = order.Count == 0 ? 0 : order.Max(i => column[i]) + 1;
            foreach (var i in Enumerable.Range(0, n).Where(i => indegree[i] > 0))
            {
                column[i] = maxColumn;
                order.Add(i);
            }
        }
        var result = new (int Column, int Row)[n];
        var rowOf = new double[n];
        foreach (var group in order.GroupBy(i => column[i]).OrderBy(static g => g.Key))
        {
            var sorted = group
                .Select(i => (Node: i, Key: deps[i].Length == 0 ? i : deps[i].Average(d => rowOf[d])))
                .OrderBy(static x => x.Key).ThenBy(static x => x.Node)
                .ToList();
            for (var r = 0; r < sorted.Count; r++)
            {
                result[sorted[r].Node] = (group.Key, r);
                rowOf[sorted[r].Node] = r;
            }
        }
        return result;
    }
}
