using Sluice.Diagnostics;
using Sluice.Expressions.Nodes;

namespace Sluice.Expressions;

/// <summary>What static checks need to know about an expression's form without evaluating it.</summary>
public sealed partial class Expr
{
    /// <summary>Where the expression's first character is (inside a template: after <c>{{</c> and spaces).</summary>
    internal SourceLocation Location => _source.At(StartOffset);

    /// <summary>The function applied last (<c>x | shell_quote</c> and <c>shell_quote(x)</c> give <c>shell_quote</c>), or null.</summary>
    internal string? OuterFunction => _root is CallNode call ? call.Name : null;

    /// <summary>
    /// The name read when the whole expression is a name or one member of it (<c>item</c>, <c>inputs.day</c>), else
    /// null: anything computed (a call, an operator, an index) may combine several values.
    /// </summary>
    internal ExprReference? PlainReference =>
        _root is NameNode or MemberNode { Target: NameNode } && References.Count == 1 ? References[0] : null;
}
