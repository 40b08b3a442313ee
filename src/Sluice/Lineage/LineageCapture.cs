using System.Security.Cryptography;
using Sluice.Datasets;

namespace Sluice.Lineage;

/// <summary>
/// The lineage of a successful attempt: the datasets in its parameters were read; those in its outputs were written
/// (or, for a handle to input data passed through, read); the action's own <see cref="DatasetLineage"/> entries add
/// datasets it opened itself and the column origins of what it wrote.
/// </summary>
public static class LineageCapture
{
    private const long HashLimit = 64L << 20;

    /// <summary>The records of one attempt.</summary>
    public static IReadOnlyList<LineageRecord> Capture(
        string runId, string taskId, int mapIndex, int attempt, DateTimeOffset at,
        IReadOnlyDictionary<string, object?> parameters, IReadOnlyDictionary<string, object?> outputs, IReadOnlyList<DatasetLineage> declared)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(declared);
        var entries = new Dictionary<(LineageDirection, string), (DatasetRef Ref, IReadOnlyDictionary<string, IReadOnlyList<ColumnOrigin>>? Columns)>();
        foreach (var d in declared)
        {
            entries[(d.Direction, Identity(d.Dataset))] = (d.Dataset, d.Columns);
        }

        foreach (var d in Refs(parameters.Values))
        {
            entries.TryAdd((LineageDirection.Read, Identity(d)), (d, null));
        }

        foreach (var d in Refs(outputs.Values))
        {
            var direction = d.Kind == "source" ? LineageDirection.Read : LineageDirection.Write;
            entries.TryAdd((direction, Identity(d)), (d, null));
        }

        return [.. entries.Select(e => new LineageRecord
        {
            RunId = runId,
            TaskId = taskId,
            MapIndex = mapIndex,
            Attempt = attempt,
            Direction = e.Key.Item1,
            Dataset = e.Key.Item2,
            Format = e.Value.Ref.Format,
            Kind = e.Value.Ref.Kind,
            Schema = e.Value.Ref.Schema,
            Rows = e.Value.Ref.Rows,
            // An artifact was fingerprinted when its task wrote it; hashing it again for every reader (every item of a
            // for_each) would re-read up to 64 MiB per attempt for the same answer.
            Fingerprint = e.Key.Item1 == LineageDirection.Read && e.Value.Ref.Kind == "artifact" ? null : Fingerprint(e.Key.Item2),
            Columns = e.Value.Columns ?? new Dictionary<string, IReadOnlyList<ColumnOrigin>>(),
            RecordedAt = at,
        })];
    }

    /// <summary>The identity lineage uses for a dataset: its path made absolute when it is a file path.</summary>
    public static string Identity(DatasetRef dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var path = dataset.Path;
        if (path.Contains("://", StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal))
        {
            return path; // a URL or a database table handle
        }

        var full = Path.GetFullPath(path);
        return dataset.Options.GetValueOrDefault("table") is string table ? $"{full}#{table}" : full;
    }

    private static IEnumerable<DatasetRef> Refs(IEnumerable<object?> values)
    {
        foreach (var value in values)
        {
            switch (value)
            {
                case DatasetRef d:
                    yield return d;
                    break;
                case IReadOnlyDictionary<string, object?> map:
                    foreach (var inner in Refs(map.Values))
                    {
                        yield return inner;
                    }

                    break;
                case IReadOnlyList<object?> list:
                    foreach (var inner in Refs(list))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    private static string? Fingerprint(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var info = new FileInfo(path);
            if (info.Length > HashLimit)
            {
                return $"size:{info.Length}:mtime:{info.LastWriteTimeUtc.Ticks}";
            }

            using var stream = File.OpenRead(path);
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
