using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.DataActions;
using Sluice.DataActions.IO;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;

namespace Sluice.Tests.Fuzz;

/// <summary>
/// The YAML loader (the path of <c>sluice validate</c>) on broken and hostile files: it never throws, never hangs, and
/// every error it reports has a line and a column and reads as Sluice's own message, not a raw .NET exception.
/// </summary>
public sealed class YamlFuzzTests
{
    private static readonly ActionRegistry Actions = DataActionSet.Register(BuiltInActions.CreateRegistry(), new TableProviders());

    [Fact]
    public void Loader_OnMutatedExamplesAndDocs_ReportsOnlyLocatedErrors() =>
        FuzzProperty.Check("YAML: mutated examples and docs", Mutations.Of(Corpus.Yaml, YamlGen.Tokens), FuzzProperty.Cases(6_000), LoadsCleanly);

    [Fact]
    public void Loader_OnGeneratedPipelines_ReportsOnlyLocatedErrors() =>
        FuzzProperty.Check("YAML: generated pipelines", YamlGen.Pipeline(), FuzzProperty.Cases(3_000), LoadsCleanly);

    [Fact]
    public void Loader_OnRandomText_ReportsOnlyLocatedErrors() =>
        FuzzProperty.Check("YAML: random text", Mutations.RandomText(200), FuzzProperty.Cases(700), LoadsCleanly);

    [Fact]
    public void Loader_OnAliasBombs_RefusesWithALocatedError() =>
        FuzzProperty.Check("YAML: alias bombs", YamlGen.AliasBomb(), FuzzProperty.Cases(300), LoadsCleanly);

    /// <summary>The property: the load returns, and every diagnostic is located and phrased by Sluice.</summary>
    internal static void LoadsCleanly(string yaml)
    {
        var result = PipelineLoader.Load(yaml, "fuzz.yaml", Actions);
        foreach (var d in result.Diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Error && (d.Location.Line < 1 || d.Location.Column < 1))
            {
                throw new FuzzFailure($"unlocated error {d.Code}: {d}");
            }
            if (d.Location.File != "fuzz.yaml" && d.Location.HasPosition)
            {
                throw new FuzzFailure($"error located in another file: {d}");
            }
            if (FuzzProperty.LooksRaw(d.Message) || (d.Hint is { } hint && FuzzProperty.LooksRaw(hint)))
            {
                throw new FuzzFailure($"raw .NET message: {d}");
            }
        }
        if (result.Success == result.Errors.Any())
        {
            throw new FuzzFailure($"success is {result.Success} with {result.Errors.Count()} errors");
        }
    }
}
