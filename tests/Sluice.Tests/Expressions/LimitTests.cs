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
