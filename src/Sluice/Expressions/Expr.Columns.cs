using Sluice.Diagnostics;
using Sluice.Expressions.Nodes;
using Sluice.Expressions.Syntax;

namespace Sluice.Expressions;

/// <summary>Column mode: the same syntax, read as an expression over the columns of a table.</summary>
public sealed partial class Expr
{
    /// <summary>True when parsed by <see cref="ParseColumns"/>.</summary>
    public bool IsColumnExpression { get; private init; }

    /// <summary>The root of the syntax tree (for binders in this assembly).</summary>
    internal Node Root => _root;

    /// <summary>Maps offsets of the text to file locations.</summary>
    internal SourceMap Source => _source;

    /// <summary>
    /// Parses <paramref name="text"/> as a column expression such as <c>lower(trim(category))</c> or
    /// <c>amount * quantity if amount is not None else 0</c>. Names are column names; calls are kept by name and
    /// checked later against the data engine's functions (so <c>to_timestamp(ts, '%Y')</c> parses although it is no
    /// template function). <paramref name="origin"/> is the location of the first character.
    /// </summary>
    /// <exception cref="ExpressionException">A syntax error (SLU300) located at the offending character.</exception>
    public static Expr ParseColumns(string text, SourceLocation origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = new SourceMap(text, origin);
        var root = Parser.Parse(source, 0, text.Length, columns: true);
        var references = new List<ExprReference>();
        root.CollectReferences(references, source);
        return new Expr(text.Trim(), root, source, references.AsReadOnly()) { IsColumnExpression = true };
    }

    /// <summary>The location of character <paramref name="offset"/> of the text.</summary>
    internal SourceLocation LocationAt(int offset) => _source.At(offset);
}
