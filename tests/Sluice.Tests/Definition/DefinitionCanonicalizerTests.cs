using Sluice.Actions;
using Sluice.Definition;
using Sluice.Definition.Building;
using Sluice.Diagnostics;

namespace Sluice.Tests.Definition;

public class DefinitionCanonicalizerTests
{
    private static PipelineDefinition Sample() => Pipeline.Create("p")
        .Context("b", 1)
        .Context("a", 2.0)
        .Task("t", "shell", t => t.Parameter("command", "ls").Timeout(TimeSpan.FromMinutes(90)))
        .ToDefinition();

    [Fact]
    public void ToCanonicalJson_IgnoresSourceMapAndInlineActions()
    {
        var plain = Sample();
        var decorated = plain with
        {
            Source = new SourceMap("x.yaml", new Dictionary<string, SourceLocation> { ["tasks[0]"] = new("x.yaml", 3, 5) }),
            InlineActions = new Dictionary<string, IAction> { ["csharp:t"] = new DelegateAction("csharp:t", (_, _) => Task.CompletedTask) },
        };
        DefinitionCanonicalizer.ComputeHash(decorated).ShouldBe(DefinitionCanonicalizer.ComputeHash(plain));
    }

    [Fact]
    public void ToCanonicalJson_SortsMapKeysAndKeepsNumberKinds()
    {
        var json = DefinitionCanonicalizer.ToCanonicalJson(Sample());
        json.ShouldContain("\"context\":{\"a\":2.0,\"b\":1}");
        json.ShouldContain("\"timeout\":\"1h30m\"");
    }

    [Fact]
    public void ComputeHash_DiffersWhenAParameterChanges()
    {
        var other = Sample() with { Tasks = [Sample().Tasks[0] with { Parameters = new Dictionary<string, object?> { ["command"] = "pwd" } }] };
        DefinitionCanonicalizer.ComputeHash(other).ShouldNotBe(DefinitionCanonicalizer.ComputeHash(Sample()));
    }
}
