using System.Collections;
using System.Diagnostics;
using Sluice.Datasets;
using Sluice.Diagnostics;
using Sluice.State;
using Sluice.Testing.Checks;
using Sluice.Testing.Files;

namespace Sluice.Testing.Running;

/// <summary>Runs the cases of a test file, one <see cref="PipelineTest"/> each, and checks their expectations.</summary>
public static class TestRunner
{
    /// <summary>Runs <paramref name="testCase"/> of <paramref name="suite"/>; a run that cannot start (a bad input, a missing fixture) is a failure, not an exception.</summary>
    public static async Task<TestCaseResult> RunAsync(TestSuite suite, TestCase testCase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(testCase);
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        try
        {
            var test = PipelineTest.Load(suite.PipelinePath);
            foreach (var (name, value) in testCase.Inputs)
            {
                test.WithInput(name, value);
            }
            foreach (var (path, content, from) in testCase.Files)
            {
                _ = content is not null ? test.WithFile(path, content) : test.WithFileFrom(path, from!);
            }
            foreach (var (task, mock) in testCase.Mocks)
            {
                test.MockAction(task, mock);
            }
            foreach (var http in testCase.Http)
            {
                test.MockHttp(http);
            }
            if (testCase.Now is { } now)
            {
                test.At(now);
            }
            if (testCase.LogicalDate is { } logical)
            {
                test.WithLogicalDate(logical);
            }
            using var result = await test.RunAsync(cancellationToken).ConfigureAwait(false);
            await CheckAsync(testCase.Expect, result, failures, cancellationToken).ConfigureAwait(false);
        }
        catch (SluiceException ex)
        {
            failures.Add($"{testCase.Location}: the test could not run: {ex.Message}");
        }
        return new TestCaseResult(testCase.Name, testCase.Location, failures, clock.Elapsed);
    }

    private static async Task CheckAsync(TestExpectation expect, PipelineTestResult result, List<string> failures, CancellationToken cancellationToken)
    {
        if (result.State != expect.State)
        {
            failures.Add($"{expect.StateLocation}: the run {result.State.ToName()}, expected {expect.State.ToName()}" + (result.Error is { } e ? $"; error: {e}" : ""));
        }
        if (expect.Error is var (text, errorAt) && (result.Error is null || !result.Error.Contains(text, StringComparison.Ordinal)))
        {
            failures.Add($"{errorAt}: the run's error should contain '{text}'; it was {(result.Error is null ? "none" : $"'{result.Error}'")}");
        }
        foreach (var (task, state, at) in expect.Tasks)
        {
            var actual = result.Tasks.TryGetValue(task, out var s) ? s.ToName() : "not run";
            if (actual != state.ToName())
            {
                failures.Add($"{at}: task {task} is {actual}, expected {state.ToName()}");
            }
        }
        if (expect.Result is { } expected)
        {
            var differences = new List<string>();
            ValueMatch.Compare(expected.Value, result.Outcome.Result, "result", differences);
            failures.AddRange(differences.Select(d => $"{expected.Location}: {d}"));
        }
        foreach (var (task, output, value) in expect.Outputs)
        {
            var actual = result.Output(task, output);
            if (actual is DatasetRef dataset && value.Value is IList rows)
            {
                var expectedRows = rows.Cast<object?>().OfType<IReadOnlyDictionary<string, object?>>().ToList();
                var diff = RowDiff.Compare(expectedRows, await result.ReadRowsAsync(dataset, cancellationToken).ConfigureAwait(false), value.AnyOrder);
                if (diff.Count > 0)
                {
                    failures.Add($"{value.Location}: {task}.{output}: rows differ\n" + string.Join("\n", diff.Select(static l => "    " + l)));
                }
                continue;
            }
            if (actual is null && result.Outcome.Outputs.GetValueOrDefault(task) is not IReadOnlyDictionary<string, object?>)
            {
                failures.Add($"{value.Location}: {task}.{output}: the task produced no outputs (it is {(result.Tasks.TryGetValue(task, out var st) ? st.ToName() : "not run")})");
                continue;
            }
            var differences = new List<string>();
            ValueMatch.Compare(value.Value, actual, $"{task}.{output}", differences);
            failures.AddRange(differences.Select(d => $"{value.Location}: {d}"));
        }
        foreach (var (path, content, at) in expect.Files)
        {
            var full = Path.Combine(result.Workspace, path);
            if (!File.Exists(full))
            {
                failures.Add($"{at}: the run wrote no file {path}");
                continue;
            }
            var written = Normalize(await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false));
            var wanted = Normalize(content);
            if (written != wanted)
            {
                failures.Add($"{at}: {path} differs\n" + LineDiff(wanted, written));
            }
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');

    private static string LineDiff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var lines = new List<string>();
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var x = i < e.Length ? e[i] : null;
            var y = i < a.Length ? a[i] : null;
            if (x != y)
            {
                lines.Add(x is null ? $"    + line {i + 1}: {y}" : y is null ? $"    - line {i + 1}: {x}" : $"    ~ line {i + 1}: expected '{x}', got '{y}'");
            }
        }
        return string.Join("\n", lines);
    }
}
