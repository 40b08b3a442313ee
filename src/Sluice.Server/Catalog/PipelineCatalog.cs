using System.Text.RegularExpressions;
using Sluice.Actions;
using Sluice.Definition.Validation;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;
using Sluice.State;

namespace Sluice.Server.Catalog;

/// <summary>
/// The pipelines served from one folder. A file that stops validating keeps its last good version
/// active; its diagnostics are kept beside it. Thread-safe: readers get immutable snapshots.
/// </summary>
public sealed partial class PipelineCatalog
{
    private const int MaxVersionsKept = 20;
    private readonly object _gate = new();
    private readonly ActionRegistry _actions;
    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly DefinitionCache _definitions;
    private Dictionary<string, PipelineEntry> _byPath = new(StringComparer.Ordinal);
    private IReadOnlyList<PipelineEntry> _snapshot = [];

    internal PipelineCatalog(string directory, ActionRegistry actions, IStateStore store, TimeProvider time, DefinitionCache definitions)
    {
        Directory = Path.GetFullPath(directory);
        _actions = actions;
        _store = store;
        _time = time;
        _definitions = definitions;
    }

    /// <summary>
    /// Raised after the set of pipelines or one of them changed (a file was loaded, reloaded or removed).
    /// Handlers run on the thread that reloaded the file and must be quick (signal, then do the work elsewhere).
    /// </summary>
    public event EventHandler? Changed;

    /// <summary>The watched folder (full path).</summary>
    public string Directory { get; }

    /// <summary>Every pipeline file, sorted by id.</summary>
    public IReadOnlyList<PipelineEntry> All => Volatile.Read(ref _snapshot);

    /// <summary>The entry serving pipeline <paramref name="id"/>, or null.</summary>
    public PipelineEntry? Find(string id)
    {
        foreach (var e in All)
        {
            if (string.Equals(e.Id, id, StringComparison.Ordinal))
            {
                return e;
            }
        }
        return null;
    }

    /// <summary>True for the file names the catalog serves.</summary>
    public static bool IsPipelineFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads every pipeline file of the folder (not its subfolders).</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken = default)
    {
        var files = System.IO.Directory.EnumerateFiles(Directory).Where(IsPipelineFile).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            await ReloadAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads (or forgets, when it was deleted) one file, keeping its last good version when it no longer validates.</summary>
    public async Task ReloadAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            bool removed;
            lock (_gate)
            {
                removed = _byPath.Remove(full);
                if (removed)
                {
                    Publish();
                }
            }
            if (removed)
            {
                Changed?.Invoke(this, EventArgs.Empty);
            }
            return;
        }
        string text;
        try
        {
            text = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Record(full, null, GuessId(full, ""), [new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.NotAPipeline, $"cannot read the pipeline file: {e.Message}", new SourceLocation(full, 0, 0))]);
            return;
        }
        var loaded = PipelineLoader.Load(text, full, _actions);
        ActivePipeline? active = null;
        if (loaded.Definition is { } definition)
        {
            var version = loaded.ToVersion(full, _time.GetUtcNow());
            var stored = await _store.GetPipelineVersionAsync(definition.Id, loaded.ContentHash, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                await _store.SavePipelineVersionAsync(version, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                version = stored;
            }
            _definitions.Add(definition, version.Hash);
            active = new ActivePipeline(definition, version);
        }
        Record(full, active, active?.Definition.Id ?? GuessId(full, text), loaded.Diagnostics);
    }

    private void Record(string path, ActivePipeline? loaded, string id, IReadOnlyList<Diagnostic> diagnostics)
    {
        lock (_gate)
        {
            _byPath.TryGetValue(path, out var previous);
            var owner = _byPath.Values.FirstOrDefault(e => e.FilePath != path && e.Id == id);
            if (owner is not null)
            {
                var clash = new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.NotAPipeline,
                    $"the pipeline id '{id}' is already served from '{Path.GetFileName(owner.FilePath)}'", new SourceLocation(path, 1, 1), "give each pipeline file its own id");
                diagnostics = [clash, .. diagnostics];
                loaded = null;
            }
            var active = loaded ?? (previous?.Id == id ? previous.Active : null);
            var versions = previous?.Versions ?? [];
            if (loaded is not null && (versions.Count == 0 || versions[0].Hash != loaded.Version.Hash))
            {
                versions = [loaded.Version, .. versions.Where(v => v.Hash != loaded.Version.Hash).Take(MaxVersionsKept - 1)];
            }
            _byPath[path] = new PipelineEntry
            {
                Id = id,
                FilePath = path,
                Active = active,
                Diagnostics = diagnostics,
                IsValid = loaded is not null,
                CheckedAt = _time.GetUtcNow(),
                Versions = versions,
            };
            Publish();
        }
        Changed?.Invoke(this, EventArgs.Empty);
    }

    private void Publish() =>
        Volatile.Write(ref _snapshot, [.. _byPath.Values.OrderBy(static e => e.Id, StringComparer.Ordinal).ThenBy(static e => e.FilePath, StringComparer.Ordinal)]);

    private static string GuessId(string path, string text)
    {
        var m = IdLine().Match(text);
        return m.Success ? m.Groups[1].Value : Path.GetFileNameWithoutExtension(path);
    }

    [GeneratedRegex(@"^id:\s*[""']?([a-z0-9_-]+)[""']?\s*(#.*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex IdLine();
}
