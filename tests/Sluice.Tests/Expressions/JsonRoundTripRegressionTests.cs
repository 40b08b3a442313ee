using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

public sealed class JsonRoundTripRegressionTests
{
    [Fact]
    public void FromJson_WholeNumber_IsLong_AndFractionIsDouble()
    {
        using var doc = JsonDocument.Parse("""{"a": 3, "b": 3.0, "c": [1, 2.5]}""");
        var map = (IReadOnlyDictionary<string, object?>)ExprValues.FromJson(doc.RootElement)!;
        map["a"].ShouldBeOfType<long>().ShouldBe(3L);
        map["b"].ShouldBeOfType<double>();
        var list = (IReadOnlyList<object?>)map["c"]!;
        list[0].ShouldBeOfType<long>();
        list[1].ShouldBeOfType<double>();
    }

    [Fact]
    public void Abs_OfInteger_StaysInteger()
    {
        var scope = new Sluice.Tests.Expressions.RegressionScope();
        Expr.Parse("abs(-2)", default).Evaluate(scope).ShouldBeOfType<long>().ShouldBe(2L);
        Expr.Parse("abs(-2.5)", default).Evaluate(scope).ShouldBe(2.5);
    }
}

internal sealed class RegressionScope : IExpressionScope
{
    public bool TryGetRoot(string name, out object? value)
    {
        value = null;
        return false;
    }

    public string? GetSecret(string name) => null;
}
