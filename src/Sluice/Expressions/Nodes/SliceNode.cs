using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>Slicing <c>target[start:stop:step]</c> of a list or a string; each bound is optional.</summary>
internal sealed class SliceNode(int offset, Node target, Node? start, Node? stop, Node? step)
    : Node(offset, DepthOf(target, start, stop, step))
{
    public override object? Evaluate(ref EvalContext context)
    {
        var value = target.Evaluate(ref context);
        var from = start?.Evaluate(ref context);
        var to = stop?.Evaluate(ref context);
        var by = step?.Evaluate(ref context);
        context.Step(Offset);
        return Access.Slice(ref context, value, from, to, by, Offset);
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        if (target is NameNode root)
        {
            references.Add(new ExprReference(root.Name, null, source.At(root.Offset)));
        }
        else
        {
            target.CollectReferences(references, source);
        }

        start?.CollectReferences(references, source);
        stop?.CollectReferences(references, source);
        step?.CollectReferences(references, source);
    }
}
