using Sluice.Diagnostics;

namespace Sluice.Expressions;

/// <summary>An expression failed to parse or to evaluate (type error, unknown name, limit exceeded). Never transient.</summary>
public sealed class ExpressionException : SluiceException
{
    /// <summary>Creates the error.</summary>
    public ExpressionException(string message, SourceLocation location)
        : base(location.HasPosition ? $"{location}: {message}" : message)
    {
        Location = location;
        Reason = message;
    }

    /// <summary>Creates a syntax error from its diagnostic.</summary>
    internal ExpressionException(Diagnostic diagnostic)
        : this(diagnostic.Hint is null ? diagnostic.Message : $"{diagnostic.Message} ({diagnostic.Hint})", diagnostic.Location)
    {
        Diagnostic = diagnostic;
        Reason = diagnostic.Message;
    }

    /// <summary>Where in the source the problem is.</summary>
    public SourceLocation Location { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }

    /// <summary>The SLU300 diagnostic when the text failed to parse; null for an evaluation error.</summary>
    public Diagnostic? Diagnostic { get; }
}
