using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Diagnostics;

namespace Sluice.DataActions.Ingest;

/// <summary>
/// The mark of an incremental folder or glob: a fingerprint per file already read (size and modification time, or a
/// SHA-256 of the content) and the schema the files were read with (so a run with nothing new still outputs the right
/// columns). Stored as JSON: <c>{"files": {"/abs/path": "size:ticks"}, "schema": [["col", "type"], …]}</c>.
/// </summary>
/// <param name="Files">Fingerprint by absolute path.</param>
/// <param name="Schema">The columns and types of the dataset, or empty.</param>
internal sealed record FileMark(IReadOnlyDictionary<string, string> Files, IReadOnlyList<(string Name, string Type)> Schema)
{
    public static FileMark Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), []);

    public static FileMark Parse(string? text, string source)
    {
        if (text is null)
        {
            return Empty;
        }
        var bad = new SluiceException($"the stored mark of incremental source '{source}' is not a file mark; run with --full-refresh to start over");
        try
        {
            if (JsonNode.Parse(text) is not JsonObject { } node || node["files"] is not JsonObject files)
            {
                throw bad;
            }
            var paths = files.ToDictionary(static kv => kv.Key, kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var f) ? f : throw bad, StringComparer.Ordinal);
            var schema = node["schema"] is JsonArray a
                ? a.Select(c => c is JsonArray { Count: 2 } pair && pair[0] is JsonValue n && pair[1] is JsonValue t ? (n.GetValue<string>(), t.GetValue<string>()) : throw bad).ToList()
                : [];
            return new FileMark(paths, schema);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw bad;
        }
    }

    public string ToJson()
    {
        var files = new JsonObject();
        foreach (var (path, fingerprint) in Files.OrderBy(static kv => kv.Key, StringComparer.Ordinal))
        {
            files[path] = fingerprint;
        }
        var schema = new JsonArray([.. Schema.Select(static c => (JsonNode)new JsonArray(c.Name, c.Type))]);
        return new JsonObject { ["files"] = files, ["schema"] = schema }.ToJsonString();
    }

    /// <summary>
    /// An object's fingerprint from its listing: <c>size:last-modified-ticks</c>, or <c>etag:ETAG</c> when
    /// <paramref name="byHash"/> (the store's entity tag changes with the content).
    /// </summary>
    public static string Fingerprint(Files.ObjectInfo info, bool byHash) =>
        byHash ? "etag:" + info.ETag : FormattableString.Invariant($"{info.Size}:{info.LastModified.UtcTicks}");

    /// <summary>A file's fingerprint: <c>size:mtime-ticks</c>, or <c>sha256:hex</c> of its content when <paramref name="byHash"/>.</summary>
    public static string Fingerprint(string path, bool byHash)
    {
        if (!byHash)
        {
            var info = new FileInfo(path);
            return FormattableString.Invariant($"{info.Length}:{info.LastWriteTimeUtc.Ticks}");
        }
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
