using Sluice.Diagnostics;

namespace Sluice.Testing.Running;

/// <summary>The outcome of one test case.</summary>
/// <param name="Name">The test's name.</param>
/// <param name="Location">Where the test is written.</param>
/// <param name="Failures">One located line per unmet expectation; empty when the test passed.</param>
/// <param name="Duration">How long it took.</param>
public sealed record TestCaseResult(string Name, SourceLocation Location, IReadOnlyList<string> Failures, TimeSpan Duration)
{
    /// <summary>True when every expectation held.</summary>
    public bool Passed => Failures.Count == 0;
}
