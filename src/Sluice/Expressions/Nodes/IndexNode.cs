using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>Indexing <c>target[index]</c>; <paramref name="offset"/> is the position of the index.</summary>
internal sealed class IndexNode(int offset, Node target, Node index) : Node(offset, DepthOf(target, index))
{
    public override object? Evaluate(ref EvalContext context)
    {
        var value = target.Evaluate(ref context);
        var key = index.Evaluate(ref context);
        context.Step(Offset);
        return Access.Index(ref context, value, key, Offset);
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        if (target is NameNode root)
        {
            var member = index is LiteralNode { Value: string s } ? s : null;
            references.Add(new ExprReference(root.Name, member, source.At(root.Offset)));
        }
        else
        {
            target.CollectReferences(references, source);
        }

        index.CollectReferences(references, source);
    }
}
