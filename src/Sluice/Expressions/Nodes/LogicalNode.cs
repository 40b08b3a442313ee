using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary><c>a and b</c> / <c>a or b</c>: short-circuit, returning an operand's value like Python.</summary>
internal sealed class LogicalNode(int offset, Node left, Node right, bool isAnd) : Node(offset, DepthOf(left, right))
{
    public Node Left => left;

    public Node Right => right;

    public bool IsAnd => isAnd;

    public override object? Evaluate(ref EvalContext context)
    {
        var value = left.Evaluate(ref context);
        context.Step(Offset);
        return ExprValues.IsTruthy(value) == isAnd ? right.Evaluate(ref context) : value;
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        left.CollectReferences(references, source);
        right.CollectReferences(references, source);
    }
}
