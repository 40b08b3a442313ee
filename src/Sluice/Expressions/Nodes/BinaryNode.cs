using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>An arithmetic operator; <paramref name="offset"/> is the position of the operator.</summary>
internal sealed class BinaryNode(int offset, ArithmeticOperator op, Node left, Node right) : Node(offset, DepthOf(left, right))
{
    public ArithmeticOperator Operator => op;

    public Node Left => left;

    public Node Right => right;

    public override object? Evaluate(ref EvalContext context)
    {
        var a = left.Evaluate(ref context);
        var b = right.Evaluate(ref context);
        context.Step(Offset);
        return Arithmetic.Apply(ref context, op, a, b, Offset);
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        left.CollectReferences(references, source);
        right.CollectReferences(references, source);
    }
}
