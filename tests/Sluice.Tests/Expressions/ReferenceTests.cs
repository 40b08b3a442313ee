using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

public class ReferenceTests
{
    private static readonly SourceLocation Origin = new("p.yaml", 4, 10);

    private static IReadOnlyList<ExprReference> Refs(string text) => Expr.Parse(text, Origin).References;

    [Theory]
    [InlineData("a.b.c", "a", "b")]
    [InlineData("a['b']", "a", "b")]
    [InlineData("a['b'].c", "a", "b")]
    [InlineData("item", "item", null)]
    [InlineData("a[0]", "a", null)]
    [InlineData("a[1:2]", "a", null)]
    [InlineData("len(a.b)", "a", "b")]
    [InlineData("a.b | lower", "a", "b")]
    public void Reference_HasRootAndFirstMember(string text, string root, string? member) =>
        Refs(text).ShouldBe([new ExprReference(root, member, Origin with { Column = Origin.Column + text.IndexOf(root, StringComparison.Ordinal) })]);

    [Fact]
    public void References_AreInSourceOrderWithRootLocations()
    {
        var refs = Refs("feature_engineering.feature_data if inputs.enable_ml else detect_anomalies.normal_data");
        refs.ShouldBe(
        [
            new ExprReference("feature_engineering", "feature_data", Origin),
            new ExprReference("inputs", "enable_ml", Origin with { Column = 46 }),
            new ExprReference("detect_anomalies", "normal_data", Origin with { Column = 68 }),
        ]);
    }

    [Fact]
    public void References_IncludeNamesInsideIndexesArgumentsAndLiterals() =>
        Refs("a[b.c] + max([d], {'k': e.f}) + format('{}', g)").Select(static r => (r.Root, r.Member)).ShouldBe(
            [("a", null), ("b", "c"), ("d", null), ("e", "f"), ("g", null)]);

    [Fact]
    public void References_ExcludeFunctionNamesAndLiterals() =>
        Refs("len('x') + secret('K') | length").ShouldBeEmpty();

    [Fact]
    public void References_MemberOfComputedValue_ReportsOnlyInnerRoots() =>
        Refs("coalesce(a, b).c").Select(static r => r.Root).ShouldBe(["a", "b"]);

    [Fact]
    public void References_WithoutPosition_KeepOriginFile()
    {
        var refs = Expr.Parse("x.y", new SourceLocation("<code>:extract", 0, 0)).References;
        refs.ShouldBe([new ExprReference("x", "y", new SourceLocation("<code>:extract", 0, 0))]);
    }
}
