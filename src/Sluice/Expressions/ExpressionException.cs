using Sluice.Diagnostics;

namespace Sluice.Expressions;

/// <summary>An expression failed to parse or to evaluate (type error, unknown name, limit exceeded). Never transient.</summary>
public sealed class ExpressionException : SluiceException
{
    /// <summary>Creates the error.</summary>
    public ExpressionException(string message, SourceLocation location)
        : base(location.HasPosition ? $"{location}: {message}" : message) => Location = location;

    /// <summary>Where in the source the problem is.</summary>
    public SourceLocation Location { get; }
}
