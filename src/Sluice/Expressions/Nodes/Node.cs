using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>A node of a parsed expression. Immutable; evaluates itself against a context.</summary>
/// <param name="offset">Where the node starts (or its operator) in the source text, for error locations.</param>
/// <param name="depth">The height of the subtree, bounded by <see cref="ExpressionLimits.MaxDepth"/>.</param>
internal abstract class Node(int offset, int depth)
{
    public int Offset { get; } = offset;

    public int Depth { get; } = depth;

    public abstract object? Evaluate(ref EvalContext context);

    /// <summary>Adds every root name this subtree reads, in source order.</summary>
    public abstract void CollectReferences(List<ExprReference> references, SourceMap source);

    protected static int DepthOf(params ReadOnlySpan<Node?> children)
    {
        var max = 0;
        foreach (var child in children)
        {
            if (child is not null && child.Depth > max)
            {
                max = child.Depth;
            }
        }

        return max + 1;
    }

    protected static int DepthOf(IReadOnlyList<Node> children)
    {
        var max = 0;
        foreach (var child in children)
        {
            max = Math.Max(max, child.Depth);
        }

        return max + 1;
    }
}
