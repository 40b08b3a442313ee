using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>A constant: null, a bool, a number or a string (numbers are boxed once, at parse time).</summary>
internal sealed class LiteralNode(int offset, object? value) : Node(offset, 1)
{
    public object? Value { get; } = value;

    public override object? Evaluate(ref EvalContext context)
    {
        context.Step(Offset);
        return Value;
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
    }
}
