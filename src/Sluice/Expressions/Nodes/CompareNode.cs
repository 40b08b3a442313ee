using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>
/// A comparison chain <c>a &lt; b &lt;= c</c>: true when every link holds; each operand is evaluated at most once
/// and evaluation stops at the first false link, like Python.
/// </summary>
internal sealed class CompareNode(Node[] operands, CompareOperator[] operators, int[] operatorOffsets)
    : Node(operatorOffsets[0], DepthOf(operands))
{
    public IReadOnlyList<Node> Operands => operands;

    public IReadOnlyList<CompareOperator> Operators => operators;

    public IReadOnlyList<int> OperatorOffsets => operatorOffsets;

    private static readonly object True = true;
    private static readonly object False = false;

    public override object? Evaluate(ref EvalContext context)
    {
        var left = operands[0].Evaluate(ref context);
        for (var i = 0; i < operators.Length; i++)
        {
            var right = operands[i + 1].Evaluate(ref context);
            context.Step(operatorOffsets[i]);
            if (!Comparison.Apply(ref context, operators[i], left, right, operatorOffsets[i]))
            {
                return False;
            }

            left = right;
        }

        return True;
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        foreach (var operand in operands)
        {
            operand.CollectReferences(references, source);
        }
    }
}
