using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary><c>then if condition else otherwise</c>: evaluates only the branch it returns.</summary>
internal sealed class ConditionalNode(int offset, Node then, Node condition, Node otherwise)
    : Node(offset, DepthOf(then, condition, otherwise))
{
    public Node Then => then;

    public Node Condition => condition;

    public Node Otherwise => otherwise;

    public override object? Evaluate(ref EvalContext context)
    {
        var test = condition.Evaluate(ref context);
        context.Step(Offset);
        return ExprValues.IsTruthy(test) ? then.Evaluate(ref context) : otherwise.Evaluate(ref context);
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        then.CollectReferences(references, source);
        condition.CollectReferences(references, source);
        otherwise.CollectReferences(references, source);
    }
}
