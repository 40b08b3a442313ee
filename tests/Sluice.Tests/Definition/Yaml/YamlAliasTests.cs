using System.Text;
using Sluice.Definition.Validation;

namespace Sluice.Tests.Definition.Yaml;

/// <summary>Anchors, aliases and merge keys: expansion is bounded, and <c>&lt;&lt;</c> merges like YAML's merge type.</summary>
public sealed class YamlAliasTests
{
    /// <summary>A "billion laughs" document: <paramref name="levels"/> anchors, each a list of <paramref name="width"/> aliases of the one before.</summary>
    private static string AliasBomb(int levels, int width)
    {
        var sb = new StringBuilder("id: bomb\nl0: &l0 [\"lol\"]\n");
        for (var i = 1; i < levels; i++)
        {
            sb.Append('l').Append(i).Append(": &l").Append(i).Append(" [");
            sb.AppendJoin(", ", Enumerable.Repeat("*l" + (i - 1), width));
            sb.Append("]\n");
        }
        sb.Append("tasks:\n  - id: t\n    action: scan_data_sources\n    parameters: {v: *l").Append(levels - 1).Append("}\n");
        return sb.ToString();
    }

    private static Sluice.Definition.Yaml.LoadResult Load(string yaml) =>
        Sluice.Definition.Yaml.PipelineLoader.Load(yaml.ReplaceLineEndings("\n"), DefinitionAssert.File, TestActions.SeedRegistry());

    [Theory]
    [InlineData(7, 10)]
    [InlineData(10, 10)]
    [InlineData(30, 2)]
    public void AliasBomb_IsRefusedWithALocatedError_BeforeAnythingExpands(int levels, int width)
    {
        var before = GC.GetTotalAllocatedBytes();
        var result = Load(AliasBomb(levels, width));

        result.ShouldFail();
        var d = result.Diagnostics.ShouldHaveSingleItem();
        d.Code.ShouldBe(DiagnosticCodes.YamlSyntax);
        d.Message.ShouldContain("aliases expand this document beyond 250,000 nodes");
        d.Location.Line.ShouldBeGreaterThan(1);
        d.Hint.ShouldNotBeNull();
        (GC.GetTotalAllocatedBytes() - before).ShouldBeLessThan(200L << 20, "refusing must not expand the aliases");
    }

    [Fact]
    public void ManyAliasesOfASmallAnchor_AreFine()
    {
        var yaml = "id: ok\nx: &x {a: 1}\ntasks:\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"  - id: t{i}\n    action: scan_data_sources\n    parameters: {{v: *x}}\n"));
        // 'x' is not a pipeline key: the aliases are fine, the unknown key is the only error.
        var result = Load(yaml);
        result.Diagnostics.ShouldAllBe(d => d.Code == DiagnosticCodes.UnknownKey);
    }

    [Fact]
    public void MergeKey_TaskInheritsAnchoredSettings_AndItsOwnKeysWin()
    {
        var result = Load("""
            id: merged
            tasks:
              - &base
                id: first
                action: scan_data_sources
                retries: 2
                timeout: 5m
              - <<: *base
                id: second
                retries: 4
                dependencies: [first]
            """);

        result.ShouldSucceed();
        var second = result.Definition!.Tasks[1];
        second.Id.ShouldBe("second");
        second.Action.ShouldBe("scan_data_sources");
        second.Policy.Retries.ShouldBe(4);
        second.Policy.Timeout.ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void MergeKey_ListOfSources_EarlierSourceWins()
    {
        var result = Load("""
            id: merged
            tasks:
              - id: a
                action: scan_data_sources
                parameters:
                  <<: [{x: 1, y: 1}, {x: 2, z: 3}]
                  w: 0
            """);

        result.ShouldSucceed();
        var p = result.Definition!.Tasks[0].Parameters;
        p["x"].ShouldBe(1L);
        p["y"].ShouldBe(1L);
        p["z"].ShouldBe(3L);
        p["w"].ShouldBe(0L);
    }

    [Fact]
    public void MergeKey_OfAScalar_IsALocatedError()
    {
        var result = Load("""
            id: merged
            tasks:
              - <<: nope
                id: a
                action: scan_data_sources
            """);

        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.WrongType, 3, 9, "the merge key '<<' takes a mapping");
    }

    [Fact]
    public void MergedKeyWithAnError_PointsAtTheAnchoredText()
    {
        var result = Load("""
            id: merged
            common: &common
              retriez: 2
            tasks:
              - <<: *common
                id: a
                action: scan_data_sources
            """);

        result.ShouldFail();
        result.HasDiagnostic(DiagnosticCodes.UnknownKey, 3, 3, "unknown key 'retriez'");
    }

    /// <summary>Found by the fuzz suite: an alias inside the node its own anchor names made the loader recurse until the stack overflowed (or loop forever).</summary>
    [Theory]
    [InlineData("metadata: &a {x: *a}", 1, 18)]
    [InlineData("metadata: &a\n  k: [1, *a]", 2, 10)]
    [InlineData("metadata: &a {b: &b [*b]}", 1, 22)]
    public async Task AliasInsideItsOwnAnchor_IsALocatedError_NotAHang(string metadata, int line, int column)
    {
        var yaml = "id: cyclic\n" + metadata + "\ntasks:\n  - id: a\n    action: scan_data_sources\n";
        // A hang is the bug: give up after 30 s (TimeoutException) instead of stalling the test run.
        var result = await Task.Run(() => Load(yaml)).WaitAsync(TimeSpan.FromSeconds(30));

        result.ShouldFail();
        var d = result.Diagnostics.ShouldHaveSingleItem();
        d.Code.ShouldBe(DiagnosticCodes.YamlSyntax);
        d.Message.ShouldContain("inside the node its anchor");
        d.Location.Line.ShouldBe(line + 1);
        d.Location.Column.ShouldBe(column);
    }

    /// <summary>
    /// Found by the fuzz suite's child processes (256 MB heap): 20,000 nested '[' ran out of memory, 3,000 nested block
    /// maps ended in "internal error" from the JSON writer (200 here: 3,000 indented levels are also over the length bound); a chain of aliases of deep nodes nests as deep.
    /// </summary>
    [Theory]
    [InlineData("flow")]
    [InlineData("block")]
    [InlineData("aliases")]
    public void NestingBeyondTheBound_IsALocatedError(string shape)
    {
        var yaml = new StringBuilder("id: deep\ntasks:\n  - id: a\n    action: scan_data_sources\n    parameters:\n");
        int line;
        switch (shape)
        {
            case "flow":
                yaml.Append("      v: ").Append('[', 20_000).Append(']', 20_000).Append('\n');
                line = 6;
                break;
            case "block":
                var indent = "      ";
                for (var i = 0; i < 200; i++)
                {
                    yaml.Append(indent).Append("k:\n");
                    indent += "  ";
                }
                yaml.Append(indent).Append("v: 1\n");
                // The root, tasks, the task and parameters are 4 levels; the map under the 97th 'k:' (line 6 + 96) is the 101st.
                line = 6 + 96 + 1;
                break;
            default:
                // Each anchor is 60 levels deep, and holds the previous one: 60 more levels per alias, 250 nodes in all.
                yaml.Append("      l0: &l0 ").Append('[', 60).Append(']', 60).Append('\n');
                for (var i = 1; i < 5; i++)
                {
                    yaml.Append("      l").Append(i).Append(": &l").Append(i).Append(' ').Append('[', 59).Append("*l").Append(i - 1).Append(']', 59).Append('\n');
                }
                line = 7;
                break;
        }

        var result = Load(yaml.ToString());

        result.ShouldFail();
        var d = result.Diagnostics.ShouldHaveSingleItem();
        d.Code.ShouldBe(DiagnosticCodes.YamlSyntax);
        d.Message.ShouldContain("nested more than 100 levels deep");
        d.Location.Line.ShouldBe(line);
    }

    [Fact]
    public void NestingWithinTheBound_Loads()
    {
        var yaml = "id: deep\ntasks:\n  - id: a\n    action: scan_data_sources\n    parameters:\n      v: " + new string('[', 90) + new string(']', 90) + "\n";

        Load(yaml).Diagnostics.ShouldBeEmpty();
    }

    /// <summary>Found by the fuzz child processes: an 8 MB scalar exhausted a 256 MB heap ("internal error (OutOfMemoryException)").</summary>
    [Fact]
    public void TextLongerThanTheBound_IsALocatedError_BeforeParsing()
    {
        var yaml = "id: big\ntasks:\n  - id: a\n    action: scan_data_sources\n    parameters: {v: \"" + new string('x', 3_000_000) + "\"}\n";

        var result = Load(yaml);

        result.ShouldFail();
        var d = result.Diagnostics.ShouldHaveSingleItem();
        d.Message.ShouldContain("longer than 2,000,000 characters");
        d.Location.Line.ShouldBe(5);
        d.Location.Column.ShouldBe(Sluice.Definition.Yaml.PipelineLoader.MaxTextLength - yaml.IndexOf("    parameters", StringComparison.Ordinal) + 1);
    }
}
