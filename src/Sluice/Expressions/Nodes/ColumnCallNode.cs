using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>
/// A call in a column expression (<see cref="Expr.ParseColumns"/>), kept by name: the column binder checks the name and
/// arity against the data engine's functions. It has no value outside a column expression.
/// </summary>
internal sealed class ColumnCallNode(int offset, string name, Node[] arguments) : Node(offset, DepthOf(arguments))
{
    public string Name => name;

    public IReadOnlyList<Node> Arguments => arguments;

    public override object? Evaluate(ref EvalContext context) =>
        throw context.Error(Offset, $"'{name}(...)' is a column function; it is evaluated over table columns, not in a template");

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        foreach (var argument in arguments)
        {
            argument.CollectReferences(references, source);
        }
    }
}
