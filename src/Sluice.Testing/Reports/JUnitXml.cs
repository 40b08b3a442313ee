using System.Globalization;
using System.Xml.Linq;
using Sluice.Testing.Files;
using Sluice.Testing.Running;

namespace Sluice.Testing.Reports;

/// <summary>
/// Writes test results as JUnit XML, the format CI systems read (GitHub, GitLab, Jenkins): one <c>testsuite</c> per
/// test file, one <c>testcase</c> per test, a <c>failure</c> with every unmet expectation, and an <c>error</c> for a
/// test file that does not load.
/// </summary>
public static class JUnitXml
{
    /// <summary>The document for <paramref name="suites"/> (results per test file) and <paramref name="broken"/> (test files that did not load, with their errors).</summary>
    public static XDocument Build(IReadOnlyList<(TestSuite Suite, IReadOnlyList<TestCaseResult> Results)> suites, IReadOnlyList<(string File, string Errors)> broken)
    {
        ArgumentNullException.ThrowIfNull(suites);
        ArgumentNullException.ThrowIfNull(broken);
        var root = new XElement("testsuites",
            new XAttribute("name", "sluice test"),
            new XAttribute("tests", suites.Sum(static s => s.Results.Count) + broken.Count),
            new XAttribute("failures", suites.Sum(static s => s.Results.Count(static r => !r.Passed))),
            new XAttribute("errors", broken.Count),
            new XAttribute("time", Seconds(TimeSpan.FromTicks(suites.Sum(static s => s.Results.Sum(static r => r.Duration.Ticks))))));
        foreach (var (suite, results) in suites)
        {
            var element = new XElement("testsuite",
                new XAttribute("name", Path.GetFileName(suite.File)),
                new XAttribute("file", suite.File),
                new XAttribute("tests", results.Count),
                new XAttribute("failures", results.Count(static r => !r.Passed)),
                new XAttribute("errors", 0),
                new XAttribute("time", Seconds(TimeSpan.FromTicks(results.Sum(static r => r.Duration.Ticks)))));
            foreach (var result in results)
            {
                var testcase = new XElement("testcase",
                    new XAttribute("name", result.Name),
                    new XAttribute("classname", Path.GetFileNameWithoutExtension(suite.PipelinePath)),
                    new XAttribute("file", suite.File),
                    new XAttribute("line", result.Location.Line),
                    new XAttribute("time", Seconds(result.Duration)));
                if (!result.Passed)
                {
                    testcase.Add(new XElement("failure", new XAttribute("message", result.Failures[0].Split('\n')[0]), string.Join("\n", result.Failures)));
                }
                element.Add(testcase);
            }
            root.Add(element);
        }
        foreach (var (file, errors) in broken)
        {
            root.Add(new XElement("testsuite",
                new XAttribute("name", Path.GetFileName(file)), new XAttribute("file", file),
                new XAttribute("tests", 1), new XAttribute("failures", 0), new XAttribute("errors", 1), new XAttribute("time", "0"),
                new XElement("testcase", new XAttribute("name", "load"), new XAttribute("classname", Path.GetFileName(file)),
                    new XElement("error", new XAttribute("message", "the test file does not load"), errors))));
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
