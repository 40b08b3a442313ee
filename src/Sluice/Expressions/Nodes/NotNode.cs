using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary><c>not x</c>: the negated truthiness of x, always a bool.</summary>
internal sealed class NotNode(int offset, Node operand) : Node(offset, DepthOf(operand))
{
    public Node Operand => operand;

    private static readonly object True = true;
    private static readonly object False = false;

    public override object? Evaluate(ref EvalContext context)
    {
        var value = operand.Evaluate(ref context);
        context.Step(Offset);
        return ExprValues.IsTruthy(value) ? False : True;
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source) =>
        operand.CollectReferences(references, source);
}
