using Sluice.Actions.Auto;

namespace Sluice.Tests.Actions.Auto;

public sealed class AutoHintTests
{
    private static readonly object?[] Methods = ["zscore", "iqr", "isolation_forest"];

    [Theory]
    [InlineData("use the iqr method", "iqr")]
    [InlineData("Use the IQR method.", "iqr")]
    [InlineData("an isolation forest suits many columns", "isolation_forest")]
    [InlineData("zscore, since the data is normal", "zscore")]
    public void HintNamingOneAllowedValue_Chooses_It(string hint, string expected) =>
        AutoHint.NamedValue(hint, Methods).ShouldBe(expected);

    [Theory]
    [InlineData("Adjust based on data characteristics")]
    [InlineData("iqr or zscore, whichever fits")]
    [InlineData("use the iqrs")]
    public void HintNamingNoneOrSeveral_ChoosesNothing(string hint) =>
        AutoHint.NamedValue(hint, Methods).ShouldBeNull();

    [Theory]
    [InlineData("use zscore, not iqr", "zscore")]
    [InlineData("don't use iqr here; an isolation forest is better", "isolation_forest")]
    [InlineData("iqr instead of zscore", "iqr")]
    [InlineData("not zscore but iqr", "iqr")]
    [InlineData("avoid the isolation forest, use zscore", "zscore")]
    public void NegatedValues_AreExcluded(string hint, string expected) =>
        AutoHint.NamedValue(hint, Methods).ShouldBe(expected);

    [Fact]
    public void HintExcludingAllButOneValue_ChoosesTheOneLeft_AndOnlyNegationsOfSeveralChooseNothing()
    {
        AutoHint.NamedValue("not strict, please", ["auto", "strict", "permissive"]).ShouldBe("permissive");
        AutoHint.NamedValue("never iqr", Methods).ShouldBeNull();
        AutoHint.NamedValue("do not use iqr", Methods).ShouldBeNull();
    }

    [Fact]
    public void Auto_IsNeverNamed_AndWithoutAllowedValuesNothingIs()
    {
        AutoHint.NamedValue("auto detect the compression", ["auto", "none", "gzip"]).ShouldBeNull();
        AutoHint.NamedValue("gzip, probably", ["auto", "none", "gzip"]).ShouldBe("gzip");
        AutoHint.NamedValue("use iqr", null).ShouldBeNull();
    }
}
