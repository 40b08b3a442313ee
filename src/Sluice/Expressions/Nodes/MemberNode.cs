using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>Member access <c>target.name</c>; <paramref name="offset"/> is the position of the member name.</summary>
internal sealed class MemberNode(int offset, Node target, string name) : Node(offset, DepthOf(target))
{
    public string Name => name;

    public Node Target => target;

    public override object? Evaluate(ref EvalContext context)
    {
        var value = target.Evaluate(ref context);
        context.Step(Offset);
        return Access.Member(ref context, value, name, Offset);
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        if (target is NameNode root)
        {
            references.Add(new ExprReference(root.Name, name, source.At(root.Offset)));
        }
        else
        {
            target.CollectReferences(references, source);
        }
    }
}
