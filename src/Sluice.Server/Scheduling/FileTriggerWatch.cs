using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;
using Sluice.Definition;
using Sluice.Scheduling.Storage;

namespace Sluice.Server.Scheduling;

/// <summary>
/// The in-memory side of one <c>type: file</c> trigger: which files match its glob, how long each has
/// stayed unchanged (size and modification time), and which file states already fired. A file fires
/// once it has been unchanged for <see cref="Settle"/>, and again only after it changes.
/// </summary>
internal sealed class FileTriggerWatch
{
    /// <summary>The settle time when the trigger sets none.</summary>
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(5);

    private static readonly char[] Wildcards = ['*', '?', '[', '{'];
    private readonly Matcher _matcher = new(StringComparison.Ordinal);
    private readonly Dictionary<string, (long Size, long Ticks, DateTimeOffset Since)> _candidates = new(StringComparer.Ordinal);
    private Dictionary<string, FileFire> _fired = new(StringComparer.Ordinal);

    public FileTriggerWatch(string pipelineId, int triggerIndex, TriggerDefinition trigger, string pipelinesDirectory)
    {
        PipelineId = pipelineId;
        TriggerIndex = triggerIndex;
        var pattern = trigger.Settings.GetValueOrDefault("glob") as string ?? trigger.Settings.GetValueOrDefault("path") as string
            ?? throw new ArgumentException($"trigger {triggerIndex + 1} of pipeline '{pipelineId}' has neither 'glob' nor 'path'", nameof(trigger));
        var full = Path.GetFullPath(Path.IsPathRooted(pattern) ? pattern : Path.Combine(pipelinesDirectory, pattern)).Replace('\\', '/');
        var parts = full.Split('/');
        var firstWild = Array.FindIndex(parts, static p => p.IndexOfAny(Wildcards) >= 0);
        var split = firstWild < 0 ? parts.Length - 1 : firstWild;
        BaseDirectory = string.Join('/', parts[..split]) is { Length: > 0 } b ? b : "/";
        Pattern = string.Join('/', parts[split..]);
        _matcher.AddInclude(Pattern);
        Settle = ReadSettle(trigger.Settings.GetValueOrDefault("settle"));
    }

    public string PipelineId { get; }

    public int TriggerIndex { get; }

    /// <summary>The folder the glob starts from (the part of the pattern before its first wildcard).</summary>
    public string BaseDirectory { get; }

    /// <summary>The glob below <see cref="BaseDirectory"/>.</summary>
    public string Pattern { get; }

    /// <summary>How long a file must stay unchanged before it fires.</summary>
    public TimeSpan Settle { get; }

    /// <summary>Identifies the trigger's settings: a watch is kept across catalog reloads while this is unchanged.</summary>
    public string Key => $"{PipelineId}|{TriggerIndex}|{BaseDirectory}|{Pattern}|{Settle.Ticks}";

    /// <summary>Replaces the record of fired file states (read from the store).</summary>
    public void Load(Dictionary<string, FileFire> fired) => _fired = fired;

    /// <summary>Remembers that <paramref name="fire"/> fired.</summary>
    public void Fired(FileFire fire) => _fired[fire.Path] = fire;

    /// <summary>Looks at the matching files and returns those that have settled in a state that has not fired.</summary>
    public List<FileFire> Poll(DateTimeOffset now)
    {
        var ready = new List<FileFire>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(BaseDirectory))
        {
            _candidates.Clear();
            return ready;
        }
        foreach (var path in _matcher.GetResultsInFullPath(BaseDirectory))
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                continue;
            }
            info.Refresh();
            var (size, ticks) = (info.Length, info.LastWriteTimeUtc.Ticks);
            seen.Add(path);
            if (_fired.TryGetValue(path, out var f) && f.Size == size && f.ModifiedTicks == ticks)
            {
                _candidates.Remove(path);
                continue;
            }
            if (!_candidates.TryGetValue(path, out var c) || c.Size != size || c.Ticks != ticks)
            {
                // New or still changing: the settle time starts (again) now.
                c = (size, ticks, now);
                _candidates[path] = c;
            }
            if (now - c.Since >= Settle)
            {
                ready.Add(new FileFire(PipelineId, TriggerIndex, path, size, ticks, RunIdFor(path, size, ticks)));
                _candidates.Remove(path);
            }
        }
        foreach (var gone in _candidates.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _candidates.Remove(gone);
        }
        return ready;
    }

    /// <summary><c>pipeline@file-{yyyyMMddTHHmmss of the modification time}-{hash of trigger, path, size and time}</c>.</summary>
    private string RunIdFor(string path, long size, long ticks)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{TriggerIndex}\n{path}\n{size}\n{ticks}")));
        var stamp = new DateTime(ticks, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        return $"{PipelineId}@file-{stamp}-{Convert.ToHexStringLower(hash, 0, 5)}";
    }

    private static TimeSpan ReadSettle(object? value) => value switch
    {
        TimeSpan t when t >= TimeSpan.Zero => t,
        long seconds and >= 0 => TimeSpan.FromSeconds(seconds),
        int seconds and >= 0 => TimeSpan.FromSeconds(seconds),
        string s when DurationParser.TryParse(s, out var parsed, out _) && parsed >= TimeSpan.Zero => parsed,
        _ => DefaultSettle,
    };
}
