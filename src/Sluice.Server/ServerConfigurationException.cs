using Sluice.Diagnostics;

namespace Sluice.Server;

/// <summary>The server settings are invalid (for example a non-loopback address without a token); nothing was started.</summary>
public sealed class ServerConfigurationException : SluiceException
{
    /// <summary>Creates the error listing every problem.</summary>
    public ServerConfigurationException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems ?? [])) => Problems = problems ?? [];

    /// <summary>Creates the error.</summary>
    public ServerConfigurationException() : this(["invalid server settings"]) { }

    /// <summary>Creates the error.</summary>
    public ServerConfigurationException(string message) : this([message]) { }

    /// <summary>Creates the error.</summary>
    public ServerConfigurationException(string message, Exception inner) : base(message, inner) => Problems = [message];

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }
}
