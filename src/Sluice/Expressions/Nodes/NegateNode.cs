using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>Unary minus or plus on a number.</summary>
internal sealed class NegateNode(int offset, Node operand, bool negate) : Node(offset, DepthOf(operand))
{
    public Node Operand => operand;

    public bool Negates => negate;

    public override object? Evaluate(ref EvalContext context)
    {
        var value = operand.Evaluate(ref context);
        context.Step(Offset);
        return value switch
        {
            long l when negate => l == long.MinValue ? throw context.Error(Offset, "integer overflow in '-'") : -l,
            double d when negate => -d,
            long or double => value,
            _ => throw context.Error(Offset, $"bad operand type for unary '{(negate ? '-' : '+')}': '{ExprValues.TypeName(value)}'"),
        };
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source) =>
        operand.CollectReferences(references, source);
}
