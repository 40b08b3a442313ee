using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>A map display <c>{'k': v}</c>; keys must evaluate to strings.</summary>
internal sealed class MapNode(int offset, Node[] keys, Node[] values) : Node(offset, Math.Max(DepthOf(keys), DepthOf(values)))
{
    public override object? Evaluate(ref EvalContext context)
    {
        context.Step(Offset);
        var map = new Dictionary<string, object?>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Evaluate(ref context) is not string key)
            {
                throw context.Error(keys[i].Offset, "map keys must be strings");
            }

            map[key] = values[i].Evaluate(ref context);
        }

        context.CheckValueSize(context.SizeOf(map), Offset);
        return map;
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i].CollectReferences(references, source);
            values[i].CollectReferences(references, source);
        }
    }
}
