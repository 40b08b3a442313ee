using Sluice.Diagnostics;

namespace Sluice.Execution;

/// <summary>The state store could not be read or written. Transient: the run can be resumed later.</summary>
public sealed class SluiceStateException : SluiceException
{
    /// <summary>Creates the error.</summary>
    public SluiceStateException(string message, Exception inner) : base(message, true, inner) { }
}
