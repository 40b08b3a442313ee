using System.Runtime.CompilerServices;
using Sluice.Expressions.Evaluation;
using Sluice.Expressions.Functions;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions.Nodes;

/// <summary>A call of an allow-listed function, written <c>f(a, b)</c> or as a filter <c>a | f(b)</c>.</summary>
internal sealed class CallNode(int offset, FunctionInfo function, Node[] arguments) : Node(offset, DepthOf(arguments))
{
    public string Name => function.Name;

    public IReadOnlyList<Node> Arguments => arguments;

    public override object? Evaluate(ref EvalContext context)
    {
        context.Step(Offset);
        if (arguments.Length <= ArgumentBuffer.Capacity)
        {
            // Most calls take few arguments: keep them on the stack.
            var buffer = default(ArgumentBuffer);
            Span<object?> args = buffer;
            args = args[..arguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                args[i] = arguments[i].Evaluate(ref context);
            }

            return function.Invoke(ref context, Offset, args);
        }

        var values = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i] = arguments[i].Evaluate(ref context);
        }

        return function.Invoke(ref context, Offset, values);
    }

    public override void CollectReferences(List<ExprReference> references, SourceMap source)
    {
        foreach (var argument in arguments)
        {
            argument.CollectReferences(references, source);
        }
    }

    [InlineArray(Capacity)]
    private struct ArgumentBuffer
    {
        public const int Capacity = 4;

        private object? _first;
    }
}
