using System.Globalization;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Sluice.Hosting;
using Sluice.Shared;
using Sluice.State;
using Sluice.Testing.Mocks;
using YamlDotNet.RepresentationModel;

namespace Sluice.Testing.Files;

/// <summary>
/// Reads a test file (<c>pipeline.test.yaml</c>) into a <see cref="TestSuite"/>. Never throws for a bad file: every
/// problem is a diagnostic with file:line:col (code <see cref="Code"/>), and task ids are checked against the pipeline.
/// </summary>
public static class TestFileLoader
{
    /// <summary>The diagnostic code of every test-file error.</summary>
    public const string Code = "SLT001";

    /// <summary>The suffix that marks a test file: <c>pipeline.test.yaml</c> tests <c>pipeline.yaml</c> beside it.</summary>
    public const string Suffix = ".test.yaml";

    private static readonly string[] TopKeys = ["pipeline", "tests"];
    private static readonly string[] CaseKeys = ["name", "inputs", "files", "mocks", "http", "now", "logical_date", "expect"];
    private static readonly string[] MockKeys = ["outputs", "datasets", "error"];
    private static readonly string[] HttpKeys = ["url", "method", "status", "body"];
    private static readonly string[] ExpectKeys = ["state", "error", "tasks", "result", "outputs", "files"];

    /// <summary>Loads <paramref name="path"/>; <c>Suite</c> is null when there are errors.</summary>
    public static (TestSuite? Suite, IReadOnlyList<Diagnostic> Errors) Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = Path.GetFullPath(path);
        var bag = new DiagnosticBag();
        var reader = new Reader(file, bag);
        var suite = reader.Read();
        return bag.HasErrors ? (null, bag.Items) : (suite, bag.Items);
    }

    /// <summary>The pipeline a test file tests when it names none: <c>x.test.yaml</c> → <c>x.yaml</c> beside it.</summary>
    public static string DefaultPipeline(string testFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(testFile);
        var name = Path.GetFileName(testFile);
        var stem = name.EndsWith(Suffix, StringComparison.Ordinal) ? name[..^Suffix.Length] : Path.GetFileNameWithoutExtension(name);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(testFile))!, stem + ".yaml");
    }

    private sealed class Reader(string file, DiagnosticBag bag)
    {
        private PipelineDefinition? _pipeline;

        public TestSuite? Read()
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                bag.Error(Code, new SourceLocation(file, 0, 0), $"cannot read the test file {file}: {ex.Message}");
                return null;
            }
            if (YamlSyntaxCheck.Load(text, file, bag) is not { } stream)
            {
                return null;
            }
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                bag.Error(Code, new SourceLocation(file, 1, 1), "a test file is a map with 'tests:' (a list of tests)", "see docs/testing.md");
                return null;
            }
            CheckKeys(root, TopKeys, "a test file");
            var pipelinePath = Scalar(root, "pipeline") is { } p
                ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, p.Value!))
                : DefaultPipeline(file);
            var pipelineNode = Child(root, "pipeline") ?? root;
            if (!File.Exists(pipelinePath))
            {
                bag.Error(Code, Loc(pipelineNode), $"the pipeline under test, {pipelinePath}, does not exist",
                    "name it with 'pipeline: FILE' (relative to this file), or name the test file after the pipeline: pipeline.yaml → pipeline.test.yaml");
            }
            else
            {
                var loaded = PipelineLoader.LoadFile(pipelinePath, SluiceActions.Create());
                bag.AddRange(loaded.Errors);
                _pipeline = loaded.Definition;
            }
            if (Child(root, "tests") is not YamlSequenceNode tests || tests.Children.Count == 0)
            {
                bag.Error(Code, Loc(Child(root, "tests") ?? root), "'tests:' must be a list with at least one test", "- name: sums sales per region");
                return null;
            }
            var cases = new List<TestCase>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in tests.Children)
            {
                if (ReadCase(node) is { } c)
                {
                    if (!names.Add(c.Name))
                    {
                        bag.Error(Code, c.Location, $"two tests are named '{c.Name}'", "give each test its own name");
                    }
                    cases.Add(c);
                }
            }
            return new TestSuite(file, pipelinePath, cases);
        }

        private TestCase? ReadCase(YamlNode node)
        {
            if (node is not YamlMappingNode map)
            {
                bag.Error(Code, Loc(node), "a test is a map with 'name:' and 'expect:'");
                return null;
            }
            CheckKeys(map, CaseKeys, "a test");
            var name = Scalar(map, "name")?.Value;
            if (string.IsNullOrWhiteSpace(name))
            {
                bag.Error(Code, Loc(map), "a test needs 'name:'", "name: sums sales per region");
                name = $"test at line {map.Start.Line}";
            }
            return new TestCase
            {
                Name = name,
                Location = Loc(map),
                Inputs = Child(map, "inputs") is { } inputs ? Map(inputs, "inputs") : new Dictionary<string, object?>(StringComparer.Ordinal),
                Files = ReadFiles(Child(map, "files")),
                Mocks = ReadMocks(Child(map, "mocks")),
                Http = ReadHttp(Child(map, "http")),
                Now = Instant(Child(map, "now")),
                LogicalDate = Instant(Child(map, "logical_date")),
                Expect = ReadExpect(Child(map, "expect")),
            };
        }

        private List<(string, string?, string?)> ReadFiles(YamlNode? node)
        {
            var files = new List<(string, string?, string?)>();
            foreach (var (key, value) in Entries(node, "files", "a map of workspace paths to their content"))
            {
                if (value is YamlScalarNode s)
                {
                    files.Add((key.Value!, s.Value ?? string.Empty, null));
                }
                else if (value is YamlMappingNode m && m.Children.Count == 1 && Scalar(m, "from") is { } from)
                {
                    files.Add((key.Value!, null, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, from.Value!))));
                }
                else
                {
                    bag.Error(Code, Loc(value), $"fixture '{key.Value}' must be its content (a string) or {{from: PATH}} (copied from PATH, relative to the test file)");
                }
            }
            return files;
        }

        private Dictionary<string, TaskMock> ReadMocks(YamlNode? node)
        {
            var mocks = new Dictionary<string, TaskMock>(StringComparer.Ordinal);
            foreach (var (key, value) in Entries(node, "mocks", "a map of task ids to what they return"))
            {
                CheckTask(key);
                if (value is not YamlMappingNode m)
                {
                    bag.Error(Code, Loc(value), $"the mock of '{key.Value}' must be a map with 'outputs:', 'datasets:' or 'error:'");
                    continue;
                }
                CheckKeys(m, MockKeys, "a mock");
                var datasets = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>(StringComparer.Ordinal);
                foreach (var (output, rows) in Entries(Child(m, "datasets"), "datasets", "a map of output names to lists of rows"))
                {
                    datasets[output.Value!] = Rows(rows);
                }
                mocks[key.Value!] = new TaskMock
                {
                    Outputs = Child(m, "outputs") is { } o ? Map(o, "outputs") : new Dictionary<string, object?>(StringComparer.Ordinal),
                    Datasets = datasets,
                    Error = Scalar(m, "error")?.Value,
                };
            }
            return mocks;
        }

        private List<HttpMock> ReadHttp(YamlNode? node)
        {
            var list = new List<HttpMock>();
            if (node is null)
            {
                return list;
            }
            if (node is not YamlSequenceNode seq)
            {
                bag.Error(Code, Loc(node), "'http:' must be a list of responses", "- {url: https://api.example.com/items, status: 200, body: '{\"items\": []}'}");
                return list;
            }
            foreach (var item in seq.Children)
            {
                if (item is not YamlMappingNode m || Scalar(m, "url") is not { } url)
                {
                    bag.Error(Code, Loc(item), "an HTTP response needs 'url:'", "{url: https://api.example.com/items, status: 200, body: '[]'}");
                    continue;
                }
                CheckKeys(m, HttpKeys, "an HTTP response");
                if (!Uri.TryCreate(url.Value!.TrimEnd('*'), UriKind.Absolute, out _))
                {
                    bag.Error(Code, Loc(url), $"'{url.Value}' is not an absolute URL");
                }
                var status = 200;
                if (Scalar(m, "status") is { } st && !int.TryParse(st.Value, NumberStyles.None, CultureInfo.InvariantCulture, out status))
                {
                    bag.Error(Code, Loc(st), $"status '{st.Value}' is not an HTTP status code", "status: 200");
                }
                var body = Child(m, "body") switch
                {
                    YamlScalarNode b => b.Value ?? string.Empty,
                    null => string.Empty,
                    var b => System.Text.Json.JsonSerializer.Serialize(YamlValues.Convert(b)),
                };
                list.Add(new HttpMock(url.Value!, status, body, Scalar(m, "method")?.Value));
            }
            return list;
        }

        private TestExpectation ReadExpect(YamlNode? node)
        {
            if (node is null)
            {
                return new TestExpectation();
            }
            if (node is not YamlMappingNode map)
            {
                bag.Error(Code, Loc(node), "'expect:' must be a map", "expect: {state: succeeded}");
                return new TestExpectation();
            }
            CheckKeys(map, ExpectKeys, "'expect:'");
            var state = RunState.Succeeded;
            if (Scalar(map, "state") is { } s)
            {
                try
                {
                    state = StateNames.ParseRun(s.Value!);
                }
                catch (FormatException)
                {
                    bag.Error(Code, Loc(s), $"'{s.Value}' is not a run state", "succeeded, failed or cancelled");
                }
            }
            var tasks = new List<(string, TaskState, SourceLocation)>();
            foreach (var (key, value) in Entries(Child(map, "tasks"), "tasks", "a map of task ids to states"))
            {
                CheckTask(key);
                try
                {
                    tasks.Add((key.Value!, StateNames.ParseTask((value as YamlScalarNode)?.Value ?? ""), Loc(value)));
                }
                catch (FormatException)
                {
                    bag.Error(Code, Loc(value), $"'{(value as YamlScalarNode)?.Value}' is not a task state", "succeeded, failed, skipped, upstream_failed, cancelled");
                }
            }
            var outputs = new List<(string, string, ExpectedValue)>();
            foreach (var (key, value) in Entries(Child(map, "outputs"), "outputs", "a map of TASK.OUTPUT to expected values"))
            {
                var parts = key.Value!.Split('.', 2);
                if (parts.Length != 2 || parts[1].Length == 0)
                {
                    bag.Error(Code, Loc(key), $"'{key.Value}' must name a task and one of its outputs: TASK.OUTPUT", "summarize.transformed_data");
                    continue;
                }
                CheckTask(key, parts[0]);
                outputs.Add((parts[0], parts[1], Expected(value)));
            }
            var files = new List<(string, string, SourceLocation)>();
            foreach (var (key, value) in Entries(Child(map, "files"), "files", "a map of workspace paths to their expected content"))
            {
                files.Add((key.Value!, (value as YamlScalarNode)?.Value ?? string.Empty, Loc(value)));
            }
            return new TestExpectation
            {
                State = state,
                StateLocation = Child(map, "state") is { } sn ? Loc(sn) : Loc(map),
                Error = Scalar(map, "error") is { } e ? (e.Value ?? string.Empty, Loc(e)) : null,
                Tasks = tasks,
                Result = Child(map, "result") is { } r ? Expected(r) : null,
                Outputs = outputs,
                Files = files,
            };
        }

        private ExpectedValue Expected(YamlNode node)
        {
            if (node is YamlMappingNode m && m.Children.Count == 2 && Child(m, "rows") is YamlSequenceNode rows && Scalar(m, "any_order") is { } any)
            {
                return new ExpectedValue(YamlValues.Convert(rows), Loc(rows), any.Value is "true" or "yes");
            }
            return new ExpectedValue(YamlValues.Convert(node), Loc(node));
        }

        private List<IReadOnlyDictionary<string, object?>> Rows(YamlNode node)
        {
            var rows = new List<IReadOnlyDictionary<string, object?>>();
            if (node is not YamlSequenceNode seq || seq.Children.Any(static c => c is not YamlMappingNode))
            {
                bag.Error(Code, Loc(node), "rows must be a list of maps (column: value)", "- {region: north, amount: 12.5}");
                return rows;
            }
            rows.AddRange(seq.Children.Select(static c => (IReadOnlyDictionary<string, object?>)YamlValues.Convert(c)!));
            return rows;
        }

        private Dictionary<string, object?> Map(YamlNode node, string what)
        {
            if (node is YamlMappingNode && YamlValues.Convert(node) is Dictionary<string, object?> map)
            {
                return map;
            }
            bag.Error(Code, Loc(node), $"'{what}:' must be a map");
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        private DateTimeOffset? Instant(YamlNode? node)
        {
            if (node is null)
            {
                return null;
            }
            if (node is YamlScalarNode s && DateTimeOffset.TryParse(s.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                return at;
            }
            bag.Error(Code, Loc(node), $"'{(node as YamlScalarNode)?.Value}' is not a date or timestamp", "2026-01-31T08:00:00Z (UTC when no offset is given)");
            return null;
        }

        private IEnumerable<(YamlScalarNode Key, YamlNode Value)> Entries(YamlNode? node, string what, string shape)
        {
            if (node is null)
            {
                yield break;
            }
            if (node is not YamlMappingNode map)
            {
                bag.Error(Code, Loc(node), $"'{what}:' must be {shape}");
                yield break;
            }
            foreach (var (key, value) in map.Children)
            {
                if (key is YamlScalarNode k && !string.IsNullOrEmpty(k.Value))
                {
                    yield return (k, value);
                }
            }
        }

        private void CheckTask(YamlScalarNode key, string? id = null)
        {
            id ??= key.Value!;
            if (_pipeline is { } p && !p.Tasks.Any(t => t.Id == id))
            {
                bag.Error(Code, Loc(key), $"the pipeline has no task '{id}'", NameSuggestions.DidYouMean(id, p.Tasks.Select(static t => t.Id)) ?? $"its tasks: {string.Join(", ", p.Tasks.Select(static t => t.Id))}");
            }
        }

        private void CheckKeys(YamlMappingNode map, string[] allowed, string what)
        {
            foreach (var key in map.Children.Keys.OfType<YamlScalarNode>())
            {
                if (!allowed.Contains(key.Value, StringComparer.Ordinal))
                {
                    bag.Error(Code, Loc(key), $"unknown key '{key.Value}' in {what}", NameSuggestions.DidYouMean(key.Value!, allowed) ?? $"allowed: {string.Join(", ", allowed)}");
                }
            }
        }

        private static YamlNode? Child(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private YamlScalarNode? Scalar(YamlMappingNode map, string key)
        {
            var node = Child(map, key);
            if (node is null or YamlScalarNode)
            {
                return (YamlScalarNode?)node;
            }
            bag.Error(Code, Loc(node), $"'{key}:' must be a single value");
            return null;
        }

        private SourceLocation Loc(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);
    }
}
