using System.Text.RegularExpressions;
using Sluice.DataActions.ColumnBinding;
using Sluice.DataActions.Transform;

namespace Sluice.DataActions.Tests.Docs;

/// <summary>
/// Keeps docs/data.md complete: every step kind of <c>apply_transformations</c> has its own heading and every name a
/// column expression may call is documented, so a step or function added to the code without docs fails here.
/// </summary>
public class DataPageTests
{
    [Fact]
    public void DataPage_HasAHeadingPerTransformationStepKind()
    {
        var headings = DocsFiles.Read("docs/data.md").Split('\n').Where(static l => l.StartsWith("### ", StringComparison.Ordinal)).Select(static l => l[4..].Trim()).ToHashSet(StringComparer.Ordinal);
        StepPlanner.Kinds.Count.ShouldBe(22);

        var missing = StepPlanner.Kinds.Where(k => !headings.Contains(k)).ToList();

        missing.ShouldBeEmpty("docs/data.md needs a '### KIND' heading for each of these apply_transformations steps");
    }

    [Fact]
    public void DataPage_DocumentsEveryAggregateAndWindowFunction()
    {
        var page = DocsFiles.Read("docs/data.md");
        var missing = MetricParser.Names.Concat(WindowParser.Names).Distinct()
            .Where(n => !Regex.IsMatch(page, $"`{Regex.Escape(n)}[(`]", RegexOptions.CultureInvariant)).ToList();

        missing.ShouldBeEmpty("docs/data.md needs these aggregate or window functions, written `name(...)` or `name`");
    }

    [Fact]
    public void DataPage_DocumentsEveryColumnFunction()
    {
        var page = DocsFiles.Read("docs/data.md");
        ColumnFunctions.Names.Count.ShouldBeGreaterThan(30);

        var missing = ColumnFunctions.Names.Where(n => !Regex.IsMatch(page, $"`{Regex.Escape(n)}[(`]", RegexOptions.CultureInvariant)).ToList();

        missing.ShouldBeEmpty("docs/data.md should name each of these column functions in backticks, as `name(...)` or `name`");
    }
}
