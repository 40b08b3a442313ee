using Sluice.Definition.Yaml;
using Sluice.Diagnostics;

namespace Sluice.Tests.Definition;

/// <summary>Assertions on load results that print every diagnostic when they fail.</summary>
internal static class DefinitionAssert
{
    public const string File = "pipeline.yaml";

    public static LoadResult Load(string yaml) => PipelineLoader.Load(yaml.ReplaceLineEndings("\n"), File, TestActions.Registry());

    /// <summary>Asserts the result has a diagnostic with <paramref name="code"/> at line:col whose message contains <paramref name="fragment"/>.</summary>
    public static Diagnostic HasDiagnostic(this LoadResult result, string code, int line, int column, string fragment)
    {
        var all = TestActions.Describe(result.Diagnostics);
        var match = result.Diagnostics.FirstOrDefault(d => d.Code == code && d.Location.Line == line && d.Location.Column == column);
        match.ShouldNotBeNull($"expected {code} at {line}:{column}; got:\n{all}");
        match.Message.ShouldContain(fragment, Case.Sensitive, all);
        match.Location.File.ShouldBe(File);
        return match;
    }

    public static void ShouldSucceed(this LoadResult result)
    {
        result.Success.ShouldBeTrue(TestActions.Describe(result.Diagnostics));
        result.Definition.ShouldNotBeNull();
    }

    public static void ShouldFail(this LoadResult result)
    {
        result.Success.ShouldBeFalse();
        result.Definition.ShouldBeNull();
        result.ContentHash.ShouldBeEmpty();
    }
}
