using Sluice.Diagnostics;

namespace Sluice.Scheduling.Cron;

/// <summary>A cron expression could not be parsed; says which field is wrong and where it starts.</summary>
public sealed class CronFormatException : SluiceException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong, in plain English.</param>
    /// <param name="expression">The whole expression as given.</param>
    /// <param name="column">1-based column in <paramref name="expression"/> where the bad part starts.</param>
    /// <param name="field">The field's name (<c>minute</c>, <c>day-of-week</c>...), or null for whole-expression errors.</param>
    public CronFormatException(string message, string expression, int column, string? field)
        : base(message)
    {
        Expression = expression;
        Column = column;
        Field = field;
    }

    /// <summary>Creates an error without position (column 1).</summary>
    public CronFormatException() : this("invalid cron expression", string.Empty, 1, null) { }

    /// <summary>Creates an error without position (column 1).</summary>
    public CronFormatException(string message) : this(message, string.Empty, 1, null) { }

    /// <summary>Creates an error without position (column 1).</summary>
    public CronFormatException(string message, Exception inner) : base(message, inner)
    {
        Expression = string.Empty;
        Column = 1;
    }

    /// <summary>The expression as given.</summary>
    public string Expression { get; }

    /// <summary>1-based column in <see cref="Expression"/> where the bad field or list entry starts.</summary>
    public int Column { get; }

    /// <summary>The name of the bad field, or null when the expression as a whole is wrong (field count, unknown macro).</summary>
    public string? Field { get; }
}
