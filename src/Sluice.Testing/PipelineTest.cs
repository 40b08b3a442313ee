using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Sluice.Execution;
using Sluice.Files;
using Sluice.Hosting;
using Sluice.Shared;
using Sluice.State;
using Sluice.Stores;
using Sluice.Testing.Clock;
using Sluice.Testing.Mocks;

namespace Sluice.Testing;

/// <summary>
/// A test of one pipeline, run in-process in a fresh temporary workspace with its own SQLite store: inputs, fixture
/// files, mocked tasks, mocked HTTP responses for <c>http_request</c>, a fixed start of the clock and a logical date.
/// <c>sluice test</c> runs its YAML test files through this class; code-first pipelines use it from C#.
/// </summary>
/// <example>
/// <code>
/// using var result = await PipelineTest.Load("pipeline.yaml")
///     .WithFile("data/sales.csv", "order_id,region\n1,north\n")
///     .MockAction("notify", new Dictionary&lt;string, object?&gt; { ["sent"] = true })
///     .RunAsync();
/// var rows = await result.ReadRowsAsync("summarize", "transformed_data");
/// </code>
/// </example>
public sealed class PipelineTest
{
    private readonly string _pipelinePath;
    private readonly string? _text;
    private readonly PipelineDefinition? _definition;
    private readonly Dictionary<string, object?> _inputs = new(StringComparer.Ordinal);
    private readonly List<(string Path, string? Content, string? From)> _files = [];
    private readonly Dictionary<string, TaskMock> _mocks = new(StringComparer.Ordinal);
    private readonly List<HttpMock> _http = [];
    private DateTimeOffset? _now;
    private DateTimeOffset? _logicalDate;

    private PipelineTest(string pipelinePath, string? text, PipelineDefinition? definition)
    {
        _pipelinePath = pipelinePath;
        _text = text;
        _definition = definition;
    }

    /// <summary>The pipeline file under test (absolute), or the id of a pipeline defined in code.</summary>
    public string PipelinePath => _pipelinePath;

    /// <summary>
    /// A test of a pipeline defined in C# (<c>Pipeline.Create(...)...Build(registry)</c>); its inline delegate tasks run
    /// as they are unless mocked. Relative paths in it resolve against the test's workspace.
    /// </summary>
    public static PipelineTest For(PipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new PipelineTest(definition.Id, null, definition);
    }

    /// <summary>A test of the pipeline file at <paramref name="pipelinePath"/>. The file is read now and copied into the workspace of each run.</summary>
    /// <exception cref="SluiceException">The file does not exist or does not load (the message lists every located error).</exception>
    public static PipelineTest Load(string pipelinePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipelinePath);
        var full = Path.GetFullPath(pipelinePath);
        if (!File.Exists(full))
        {
            throw new SluiceException($"pipeline file {full} does not exist");
        }
        var loaded = PipelineLoader.LoadFile(full, SluiceActions.Create());
        if (!loaded.Success)
        {
            throw new SluiceException($"{pipelinePath} does not load; nothing was run:\n{string.Join("\n", loaded.Errors)}");
        }
        return new PipelineTest(full, loaded.SourceText, null);
    }

    /// <summary>Sets input <paramref name="name"/> (converted by its declared type, as on the command line).</summary>
    public PipelineTest WithInput(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _inputs[name] = value;
        return this;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="relativePath"/> in the workspace before the run.</summary>
    public PipelineTest WithFile(string relativePath, string content)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        ArgumentNullException.ThrowIfNull(content);
        _files.Add((relativePath, content, null));
        return this;
    }

    /// <summary>Copies the file or folder <paramref name="source"/> (relative to the current directory) to <paramref name="relativePath"/> in the workspace.</summary>
    public PipelineTest WithFileFrom(string relativePath, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        ArgumentException.ThrowIfNullOrEmpty(source);
        _files.Add((relativePath, null, Path.GetFullPath(source)));
        return this;
    }

    /// <summary>Task <paramref name="taskId"/> returns <paramref name="outputs"/> instead of running its action.</summary>
    public PipelineTest MockAction(string taskId, IReadOnlyDictionary<string, object?> outputs) =>
        MockAction(taskId, new TaskMock { Outputs = outputs ?? throw new ArgumentNullException(nameof(outputs)) });

    /// <summary>Task <paramref name="taskId"/> does what <paramref name="mock"/> says instead of running its action.</summary>
    public PipelineTest MockAction(string taskId, TaskMock mock)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(mock);
        _mocks[taskId] = mock;
        return this;
    }

    /// <summary>Answers <c>http_request</c> calls matching <paramref name="response"/>; once any is set, a request none matches fails the task.</summary>
    public PipelineTest MockHttp(HttpMock response)
    {
        ArgumentNullException.ThrowIfNull(response);
        _http.Add(response);
        return this;
    }

    /// <summary>The clock reads <paramref name="now"/> when the run starts and moves on in real time from there (UTC).</summary>
    public PipelineTest At(DateTimeOffset now)
    {
        _now = now;
        return this;
    }

    /// <summary>The run's logical date (<c>logical_date</c> in expressions). The default is the run's start.</summary>
    public PipelineTest WithLogicalDate(DateTimeOffset logicalDate)
    {
        _logicalDate = logicalDate;
        return this;
    }

    /// <summary>
    /// Creates the workspace (the pipeline file and the fixtures), opens a SQLite store in it, runs the pipeline to its
    /// end and returns the result. A failed run is a result, not an exception; dispose the result to delete the workspace.
    /// </summary>
    /// <exception cref="SluiceException">A mocked task is not in the pipeline, an input is invalid, or a fixture path leaves the workspace.</exception>
    public async Task<PipelineTestResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var workspace = Directory.CreateTempSubdirectory("sluice-test-").FullName;
        try
        {
            foreach (var (path, content, from) in _files)
            {
                await WriteFixtureAsync(workspace, path, content, from, cancellationToken).ConfigureAwait(false);
            }

            TimeProvider clock = _now is { } now ? new FixedStartClock(now) : TimeProvider.System;
            await using var store = await SluiceStores.OpenAsync(Path.Combine(workspace, ".sluice", "sluice.db"), new SluiceStoreOptions { Time = clock }, cancellationToken).ConfigureAwait(false);
            var registry = SluiceActions.Create(store);
            if (_http.Count > 0)
            {
#pragma warning disable CA2000 // The client lives as long as the registry, which ends with this run.
                registry.Register(new HttpRequestAction(new HttpClient(new MockHttpHandler([.. _http])) { Timeout = Timeout.InfiniteTimeSpan }));
#pragma warning restore CA2000
            }
            var (definition, version) = await DefinitionAsync(workspace, registry, clock, cancellationToken).ConfigureAwait(false);
            definition = Mock(registry, definition);

            var bound = InputBinder.Bind(definition, _inputs, out var errors);
            if (errors.Count > 0)
            {
                throw new SluiceException($"invalid inputs for {_pipelinePath}: {string.Join("; ", errors)}");
            }
            var executor = new RunExecutor(store.State, registry, new ExecutorOptions
            {
                ArtifactRoot = store.ArtifactRoot,
                Storage = store.Storage,
                Time = clock,
                Jitter = new Random(0),
                Files = PathPolicy.Unrestricted.RelativeTo(workspace),
            });
            var run = await executor.StartAsync(definition, version, bound, "test", _logicalDate, null, cancellationToken).ConfigureAwait(false);
            var outcome = await executor.ExecuteAsync(definition, run, cancellationToken).ConfigureAwait(false);
            return new PipelineTestResult(outcome, workspace);
        }
        catch
        {
            Directory.Delete(workspace, recursive: true);
            throw;
        }
    }

    private async Task<(PipelineDefinition Definition, PipelineVersionRecord Version)> DefinitionAsync(string workspace, ActionRegistry registry, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (_text is null)
        {
            var code = _definition!;
            return (code, new PipelineVersionRecord(code.Id, DefinitionCanonicalizer.ComputeHash(code), code.Name, code.Version,
                DefinitionCanonicalizer.ToCanonicalJson(code), null, clock.GetUtcNow()));
        }
        // A copy of the file in the workspace: relative paths written in it resolve against its folder, so here.
        var file = Path.Combine(workspace, Path.GetFileName(_pipelinePath));
        await File.WriteAllTextAsync(file, _text, cancellationToken).ConfigureAwait(false);
        var loaded = PipelineLoader.Load(_text, file, registry);
        var definition = loaded.Definition ?? throw new SluiceException($"{_pipelinePath} does not load:\n{string.Join("\n", loaded.Errors)}");
        return (definition, loaded.ToVersion(file, clock.GetUtcNow()));
    }

    private PipelineDefinition Mock(ActionRegistry registry, PipelineDefinition definition)
    {
        var tasks = definition.Tasks.ToDictionary(static t => t.Id, StringComparer.Ordinal);
        foreach (var id in _mocks.Keys.Where(id => !tasks.ContainsKey(id)))
        {
            var hint = NameSuggestions.DidYouMean(id, tasks.Keys);
            throw new SluiceException($"mocked task '{id}' is not in {_pipelinePath}" + (hint is null ? "" : $"; {hint}"));
        }
        var inline = new Dictionary<string, IAction>(definition.InlineActions, StringComparer.Ordinal);
        foreach (var byAction in _mocks.GroupBy(m => tasks[m.Key].Action, StringComparer.Ordinal))
        {
            var mocks = byAction.ToDictionary(static m => m.Key, static m => m.Value, StringComparer.Ordinal);
            if (inline.TryGetValue(byAction.Key, out var code))
            {
                inline[byAction.Key] = new MockingAction(code, mocks);
            }
            else
            {
                registry.Register(new MockingAction(registry.Find(byAction.Key)!, mocks));
            }
        }
        return definition with { InlineActions = inline };
    }

    private static async Task WriteFixtureAsync(string workspace, string path, string? content, string? from, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(Path.Combine(workspace, path));
        if (!target.StartsWith(workspace + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new SluiceException($"fixture path '{path}' leaves the test's workspace; use a relative path inside it, such as data/input.csv");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (content is not null)
        {
            await File.WriteAllTextAsync(target, content, cancellationToken).ConfigureAwait(false);
        }
        else if (Directory.Exists(from))
        {
            foreach (var source in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(target, Path.GetRelativePath(from, source));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(source, copy, overwrite: true);
            }
        }
        else if (File.Exists(from))
        {
            File.Copy(from, target, overwrite: true);
        }
        else
        {
            throw new SluiceException($"fixture '{path}' copies from {from}, which does not exist");
        }
    }
}
