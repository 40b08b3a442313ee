using Sluice.Diagnostics;

namespace Sluice.Streaming.Definition;

/// <summary>A mistake in a <c>stream</c> task's parameters, with the path below <c>parameters</c> where it is, so the loader can locate it in the file.</summary>
internal sealed class StreamParameterException(string path, string detail, string message) : SluiceException(message)
{
    /// <summary>The parameter's path below <c>parameters</c>, such as <c>steps[2].join.window.size</c>.</summary>
    public string Path { get; } = path;

    /// <summary>The message without the task: <c>parameters.PATH: got '…'; expected …</c>.</summary>
    public string Detail { get; } = detail;
}
