using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>A root name resolved by the scope: <c>inputs</c>, a task id, <c>item</c>...</summary>
internal sealed class NameNode(int offset, string name) : Node(offset, 1)
{
    public string Name { get; } = name;

    public override object? Evaluate(ref EvalContext context)
    {
        context.Step(Offset);
        if (!context.Scope.TryGetRoot(Name, out var value))
        {
            throw context.Error(Offset, $"unknown name '{Name}'");
        }

        return ExprValues.Normalize(value);
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source) =>
        references.Add(new ExprReference(Name, null, source.At(Offset)));
}
