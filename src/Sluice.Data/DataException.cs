namespace Sluice.Data;

/// <summary>The base of every error the data engine raises on purpose (bad schema, type error, overflow).</summary>
/// <remarks>Bad records never raise: they go to a quarantine sink. Errors raised here are permanent
/// unless <see cref="IsTransient"/> says otherwise (I/O).</remarks>
public class DataException : Exception
{
    /// <summary>Creates an error.</summary>
    public DataException(string message, bool isTransient, Exception? inner = null)
        : base(message, inner) => IsTransient = isTransient;

    /// <summary>Creates a permanent error.</summary>
    public DataException() : this("Data engine error", false) { }

    /// <summary>Creates a permanent error.</summary>
    public DataException(string message) : this(message, false) { }

    /// <summary>Creates a permanent error wrapping another.</summary>
    public DataException(string message, Exception inner) : this(message, false, inner) { }

    /// <summary>True when retrying may succeed (for example an I/O failure).</summary>
    public bool IsTransient { get; }
}
