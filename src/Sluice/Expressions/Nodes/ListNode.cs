using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>A list display <c>[a, b]</c>.</summary>
internal sealed class ListNode(int offset, Node[] items) : Node(offset, DepthOf(items))
{
    public IReadOnlyList<Node> Items => items;

    public override object? Evaluate(ref EvalContext context)
    {
        context.Step(Offset);
        var values = new object?[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            values[i] = items[i].Evaluate(ref context);
        }

        context.CheckValueSize(context.SizeOf(values), Offset);
        return values;
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        foreach (var item in items)
        {
            item.CollectReferences(references, source);
        }
    }
}
