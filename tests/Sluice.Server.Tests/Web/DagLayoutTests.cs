using Sluice.Server.Web.Dag;

namespace Sluice.Server.Tests.Web;

public sealed class DagLayoutTests
{
    [Fact]
    public void Diamond_IsLaidOutByLongestPath()
    {
        //   a ──► b ──► d
        //   └───► c ──┘
        //   └──────────► e   (e depends on a and d: longest path puts it after d)
        var layout = DagLayout.Compute(["a", "b", "c", "d", "e"], [[], ["a"], ["a"], ["b", "c"], ["a", "d"]]);

        layout.Select(p => p.Column).ShouldBe([0, 1, 1, 2, 3]);
        layout[1].Row.ShouldNotBe(layout[2].Row);
    }

    [Fact]
    public void DeclarationOrderNotTopological_StillLayersCorrectly()
    {
        var layout = DagLayout.Compute(["last", "first", "middle"], [["middle"], [], ["first"]]);
        layout.Select(p => p.Column).ShouldBe([2, 0, 1]);
    }

    [Fact]
    public void ThousandTaskGraph_EveryNodeGetsADistinctCell()
    {
        // 10 chains of 100 tasks, each task also depending on the same position in the previous chain.
        var ids = Enumerable.Range(0, 1000).Select(i => $"t{i}").ToList();
        var deps = ids.Select((_, i) => (IReadOnlyList<string>)(
            i % 100 == 0 ? (i >= 100 ? [$"t{i - 100}"] : []) : i >= 100 ? [$"t{i - 1}", $"t{i - 100}"] : [$"t{i - 1}"])).ToList();

        var layout = DagLayout.Compute(ids, deps);

        layout.Distinct().Count().ShouldBe(1000);
        for (var i = 0; i < 1000; i++)
        {
            foreach (var d in deps[i])
            {
                layout[int.Parse(d[1..], System.Globalization.CultureInfo.InvariantCulture)].Column.ShouldBeLessThan(layout[i].Column);
            }
        }
    }
}
