namespace Sluice.Testing.Files;

/// <summary>One test file: the pipeline it tests and its test cases.</summary>
/// <param name="File">The test file (absolute).</param>
/// <param name="PipelinePath">The pipeline under test (absolute).</param>
/// <param name="Cases">The tests, in file order.</param>
public sealed record TestSuite(string File, string PipelinePath, IReadOnlyList<TestCase> Cases);
