using Sluice.Expressions;

namespace Sluice.Tests.Expressions;

public class LimitTests
{
    [Fact]
    public void DeepParentheses_AreASyntaxError_NotAStackOverflow()
    {
        var text = new string('(', 5000) + "1" + new string(')', 5000);
        Eval.SyntaxError(text).Message.ShouldContain($"nested more than {ExpressionLimits.MaxDepth} levels deep");
    }

    [Theory]
    [InlineData("-", "1")]
    [InlineData("not ", "1")]
    [InlineData("[", "1")]
    public void DeepPrefixNesting_IsASyntaxError(string prefix, string atom)
    {
        var closer = prefix == "[" ? "]" : string.Empty;
        var text = string.Concat(Enumerable.Repeat(prefix, 5000)) + atom + string.Concat(Enumerable.Repeat(closer, 5000));
        Eval.SyntaxError(text).Message.ShouldContain("levels deep");
    }

    [Fact]
    public void LongOperatorChain_IsASyntaxError_NotADeepTree()
    {
        var text = string.Join(" + ", Enumerable.Repeat("1", 5000));
        Eval.SyntaxError(text).Message.ShouldContain("levels deep");
    }

    [Fact]
    public void NestingWithinLimit_Parses()
    {
        var text = new string('(', 100) + "1" + new string(')', 100);
        Eval.Run(text).ShouldBe(1L);
    }

    [Fact]
    public void HugeRange_IsRefused()
    {
        Eval.Fails("range(100000000)").Message.ShouldContain($"exceeds the limit of {ExpressionLimits.MaxListLength}");
        Eval.Fails("range(-9223372036854775807, 9223372036854775807)").Message.ShouldContain("exceeds the limit");
    }

    [Fact]
    public void RangeAtLimit_IsAllowed() =>
        ((IReadOnlyList<object?>)Eval.Run($"range({ExpressionLimits.MaxListLength})")!).Count.ShouldBe(ExpressionLimits.MaxListLength);

    [Fact]
    public void HugeString_IsRefusedBeforeAllocation()
    {
        Eval.Fails("'abc' * 100000000").Message.ShouldContain($"exceeds the limit of {ExpressionLimits.MaxStringLength}");
        Eval.Fails("'ab' * 9223372036854775807").Message.ShouldContain("exceeds the limit");
    }

    [Fact]
    public void ListConcatenation_BeyondLimit_IsRefused() =>
        Eval.Fails("range(600000) + range(600000)").Message.ShouldContain("exceeds the limit");

    [Fact]
    public void RepeatedDoubling_IsStoppedByTheLimits()
    {
        // Each step doubles a string: 2^40 characters would be far beyond memory.
        var text = "'x'" + string.Concat(Enumerable.Repeat(" * 2", 40));
        Eval.Fails(text).Message.ShouldContain("exceeds the limit");
    }

    [Fact]
    public void StepBudget_StopsRunawayWork()
    {
        // Sorting n elements is charged n log n element operations: 600k twice is over the budget.
        var text = "len(range(600000) | sort) + len(range(600000) | sort)";
        Eval.Fails(text).Message.ShouldContain($"exceeded {ExpressionLimits.MaxElementOperations} element operations");
    }

    [Fact]
    public void NodeVisitBudget_StopsHugeExpressions()
    {
        var text = "[" + string.Join(",", Enumerable.Repeat("0", ExpressionLimits.MaxSteps + 1)) + "]";
        Eval.Fails(text).Message.ShouldContain($"exceeded {ExpressionLimits.MaxSteps} steps");
    }
}

public class SharedReferenceLimitTests
{
    [Theory]
    [InlineData("[[[0] * 1000] * 1000] * 100")]
    [InlineData("[[[[0] * 1000] * 1000] * 100] * 100")]
    [InlineData("[[0] * 1000] * 1000 + [[0] * 1000] * 1000 + [[0] * 1000] * 5000")]
    [InlineData("[['x' * 5000000] * 11]")]
    [InlineData("{'a': ['x' * 9000000] * 3, 'b': ['y' * 9000000] * 3}")]
    public void ValuesBuiltFromSharedReferences_AreMeasuredAsCopies_AndRefusedBeforeTheyAreBuilt(string expression)
    {
        var before = GC.GetTotalAllocatedBytes();
        Eval.Fails(expression).Message.ShouldContain("the value would hold more than 50 MB");
        (GC.GetTotalAllocatedBytes() - before).ShouldBeLessThan(400L << 20);
    }

    [Fact]
    public void LargeButBoundedSharedValues_AreStillAllowed()
    {
        var value = (IReadOnlyList<object?>)Eval.Run("[[0] * 1000] * 1000")!;
        value.Count.ShouldBe(1000);
        ((IReadOnlyList<object?>)value[999]!).Count.ShouldBe(1000);
    }

    [Theory]
    [InlineData("str(['x' * 3000000] * 4) | length")]
    [InlineData("tojson([['ab' * 1000000] * 3] * 2)")]
    [InlineData("join([str(['x' * 4000000] * 2), str(['y' * 4000000] * 2)], ', ')")]
    public void TextOfALargeValue_IsRefusedWhileWritten_NotAfterBuildingIt(string expression)
    {
        var before = GC.GetTotalAllocatedBytes();
        Eval.Fails(expression).Message.ShouldContain($"exceeds the limit of {ExpressionLimits.MaxStringLength}");
        (GC.GetTotalAllocatedBytes() - before).ShouldBeLessThan(400L << 20);
    }

    [Fact]
    public void TemplateInterpolatingALargeValue_IsRefused()
    {
        var template = Template.Parse("value: {{ ['x' * 3000000] * 4 }}", new Sluice.Diagnostics.SourceLocation("t.yaml", 1, 1));
        Should.Throw<ExpressionException>(() => template.Render(new TestScope())).Message.ShouldContain("rendered text exceeds the limit");
    }
}
