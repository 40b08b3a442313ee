using Sluice.Diagnostics;
using Sluice.Testing.Mocks;

namespace Sluice.Testing.Files;

/// <summary>One test of a test file: what the run gets and what it must produce.</summary>
public sealed record TestCase
{
    /// <summary>The test's name (<c>name:</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Where the test starts in its file.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>Input values by name (<c>inputs:</c>).</summary>
    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Fixture files (<c>files:</c>): workspace path, and either its content or the path it is copied from (absolute).</summary>
    public IReadOnlyList<(string Path, string? Content, string? From)> Files { get; init; } = [];

    /// <summary>Mocked tasks by task id (<c>mocks:</c>).</summary>
    public IReadOnlyDictionary<string, TaskMock> Mocks { get; init; } = new Dictionary<string, TaskMock>(StringComparer.Ordinal);

    /// <summary>Canned HTTP responses (<c>http:</c>).</summary>
    public IReadOnlyList<HttpMock> Http { get; init; } = [];

    /// <summary>The clock's reading when the run starts (<c>now:</c>), or null for the real clock.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>The run's logical date (<c>logical_date:</c>), or null.</summary>
    public DateTimeOffset? LogicalDate { get; init; }

    /// <summary>What the run must produce (<c>expect:</c>).</summary>
    public TestExpectation Expect { get; init; } = new();
}
