using System.Text;
using System.Text.Json;
using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

public class ExprValuesTests
{
    [Theory]
    [InlineData(2.0, "2.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(1.5e-5, "1.5e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123456789012345.6, "123456789012345.6")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(-2.5e300, "-2.5e+300")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void ToText_Double_RoundTripsLikePython(double value, string expected) =>
        ExprValues.ToText(value).ShouldBe(expected);

    [Fact]
    public void ToText_CoversEveryValueType()
    {
        ExprValues.ToText(null).ShouldBe(string.Empty);
        ExprValues.ToText("s").ShouldBe("s");
        ExprValues.ToText(true).ShouldBe("true");
        ExprValues.ToText(-12L).ShouldBe("-12");
        ExprValues.ToText(7).ShouldBe("7");
        ExprValues.ToText(1.25m).ShouldBe("1.25");
        ExprValues.ToText(new object?[] { 1L, "a\"b", null, 2.0 }).ShouldBe("[1,\"a\\\"b\",null,2.0]");
        ExprValues.ToText(Eval.Map(("k", new object?[] { true }))).ShouldBe("{\"k\":[true]}");
        ExprValues.ToText(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)).ShouldBe("2024-01-02T03:04:05.0000000+00:00");
    }

    [Fact]
    public void Normalize_ConvertsClrNumbersAndCollections()
    {
        ExprValues.Normalize(3).ShouldBe(3L);
        ExprValues.Normalize(3.5f).ShouldBe(3.5);
        ExprValues.Normalize(1.25m).ShouldBe(1.25);
        ExprValues.Normalize((byte)2).ShouldBe(2L);
        ExprValues.Normalize(ulong.MaxValue).ShouldBeOfType<double>();
        ExprValues.Normalize(new List<int> { 1, 2 }).ShouldBe(new object?[] { 1L, 2L });
        ExprValues.Normalize(new Dictionary<string, int> { ["a"] = 1 })
            .ShouldBeAssignableTo<IReadOnlyDictionary<string, object?>>()!["a"].ShouldBe(1L);
        var list = new object?[] { 1L };
        ExprValues.Normalize(list).ShouldBeSameAs(list);
    }

    [Fact]
    public void AreEqualAndCompare_CrossIntAndFloat()
    {
        ExprValues.AreEqual(1L, 1.0).ShouldBeTrue();
        ExprValues.AreEqual(true, 1L).ShouldBeFalse();
        ExprValues.Compare(1L, 1.5).ShouldBeLessThan(0);
        ExprValues.Compare("b", "a").ShouldBeGreaterThan(0);
        Should.Throw<ExpressionException>(() => ExprValues.Compare(1L, "a")).Message.ShouldContain("cannot order 'int' and 'string'");
    }

    [Fact]
    public void Json_RoundTrip_PreservesTypes()
    {
        var value = Eval.Map(
            ("int", 9007199254740993L),
            ("float", 2.0),
            ("small", 0.1),
            ("text", "é\n\"q\""),
            ("flag", false),
            ("none", null),
            ("list", new object?[] { 1L, new object?[] { 2.5 } }));

        var text = ExprValues.ToJsonText(value);
        using var document = JsonDocument.Parse(text);
        var back = ExprValues.FromJson(document.RootElement);

        ExprValues.AreEqual(back, value).ShouldBeTrue();
        var map = back.ShouldBeAssignableTo<IReadOnlyDictionary<string, object?>>()!;
        map["int"].ShouldBe(9007199254740993L);
        map["float"].ShouldBeOfType<double>();
        map["float"].ShouldBe(2.0);
    }

    [Fact]
    public void FromJson_HugeInteger_BecomesDouble()
    {
        using var document = JsonDocument.Parse("[123456789012345678901234567890, 5, 5.0, 1e3]");
        var list = (IReadOnlyList<object?>)ExprValues.FromJson(document.RootElement)!;
        list[0].ShouldBeOfType<double>();
        list[1].ShouldBe(5L);
        list[2].ShouldBeOfType<double>();
        list[3].ShouldBe(1000.0);
    }

    [Fact]
    public void ToJson_WritesNonFiniteFloatsAsStrings_AndOpaqueObjectsAsText()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ExprValues.ToJson(writer, new object?[] { double.NaN, double.NegativeInfinity, new Uri("https://x.test/") });
        }

        Encoding.UTF8.GetString(buffer.ToArray()).ShouldBe("[\"NaN\",\"-Infinity\",\"https://x.test/\"]");
    }

    [Fact]
    public void ToJson_SelfReferencingList_ThrowsInsteadOfOverflowing()
    {
        var list = new List<object?>();
        list.Add(list);
        Should.Throw<ExpressionException>(() => ExprValues.ToJsonText(list)).Message.ShouldContain("nested more than");
    }

    [Fact]
    public void SelfContainingValues_FailCleanly()
    {
        var arrayList = new System.Collections.ArrayList();
        arrayList.Add(arrayList);
        Should.Throw<ExpressionException>(() => ExprValues.Normalize(arrayList));

        var list = new List<object?>();
        list.Add(list);
        var scope = new TestScope { ["x"] = list };
        Should.Throw<ExpressionException>(() => Eval.Run("x == x", scope));
        ((IReadOnlyList<object?>)Eval.Run("x | unique", scope)!).Count.ShouldBe(1);
    }

    [Fact]
    public void TypeName_NamesValueTypes()
    {
        ExprValues.TypeName(null).ShouldBe("null");
        ExprValues.TypeName(1L).ShouldBe("int");
        ExprValues.TypeName(1.0).ShouldBe("float");
        ExprValues.TypeName(Array.Empty<object?>()).ShouldBe("list");
        ExprValues.TypeName(Eval.Map()).ShouldBe("map");
        ExprValues.TypeName(new Uri("https://x.test/")).ShouldBe("Uri");
    }
}
