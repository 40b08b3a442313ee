using System.Globalization;
using Sluice.Actions;
using Sluice.Actions.Auto;
using Sluice.DataActions.Common;
using System.Text;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Profiling;
using Sluice.DataActions.IO;
using Sluice.Datasets;

namespace Sluice.AI.Auto;

/// <summary>
/// A compact text profile of the datasets among a task's parameters, for a model choosing an <c>&lt;AUTO&gt;</c> value:
/// per column its type, null share, distinct count, range or mean, and the most frequent values, from the first
/// <see cref="SampleRows"/> rows. Files that cannot be read are described by their handle only.
/// </summary>
internal static class DataProfileText
{
    public const int SampleRows = 5_000;

    public static async Task<string> DescribeAsync(AutoRequest request, DatasetReader reader, CancellationToken cancellationToken)
    {
        var sb = new StringBuilder();
        foreach (var spec in request.Action.Parameters.Where(static p => p.Type == ParameterType.Dataset))
        {
            var name = spec.Name;
            var value = request.Parameters.GetValueOrDefault(name);
            var datasets = value switch
            {
                IReadOnlyList<object?> list => [.. list.SelectMany(v => Resolve(v, name, request))],
                null => [],
                _ => Resolve(value, name, request),
            };
            foreach (var d in datasets.Take(3))
            {
                sb.Append(CultureInfo.InvariantCulture, $"parameter '{name}': {d.Format} {Path.GetFileName(d.Path)}");
                sb.Append(d.Rows is { } rows ? string.Create(CultureInfo.InvariantCulture, $", {rows} rows\n") : "\n");
                await ProfileAsync(sb, d, reader, cancellationToken).ConfigureAwait(false);
            }
        }
        return sb.Length == 0 ? "(no dataset among the parameters)" : sb.ToString();
    }

    /// <summary>
    /// A dataset as the action will read it (format and delimiter detected), within the task's file policy; nothing when
    /// it is not a readable file (yet, or for this task).
    /// </summary>
    private static List<DatasetRef> Resolve(object? value, string name, AutoRequest request)
    {
        var context = new ActionContext
        {
            RunId = "",
            TaskId = request.TaskId,
            Parameters = request.Parameters,
            Log = NoLog.Instance,
            ArtifactDirectory = "",
            Files = request.Files,
        };
        try
        {
            return [DatasetArgument.Resolve(value, name, context)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Diagnostics.SluiceException or Data.DataException)
        {
            return [];
        }
    }

    private sealed class NoLog : ITaskLog
    {
        public static readonly NoLog Instance = new();

        public void Write(string stream, string line)
        {
        }
    }

    private static async Task ProfileAsync(StringBuilder sb, DatasetRef d, DatasetReader reader, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(d.Path, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            // A web API is fetched once, by the action; a profile must not call it again.
            sb.Append("  (a web API; not profiled)\n");
            return;
        }
        DatasetProfile profile;
        try
        {
            var opened = reader.Open(d);
            profile = await DataProfiler.ProfileAsync(new Head(opened.Source, SampleRows), new ProfileOptions { DistinctCap = 10_000, QuantileCap = 10_000, TopValues = 3 }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Data.DataException or Diagnostics.SluiceException)
        {
            sb.Append("  (not readable for a profile)\n");
            return;
        }
        var inv = CultureInfo.InvariantCulture;
        foreach (var c in profile.Columns)
        {
            sb.Append(inv, $"  - {c.Name}: {c.Type}, nulls {c.NullFraction:P1}, distinct {c.Distinct}");
            if (c.Min is not null)
            {
                sb.Append(inv, $", min {c.Min}, max {c.Max}");
            }
            if (c.Mean is { } mean)
            {
                sb.Append(inv, $", mean {mean:G4}, std {c.Std:G4}");
            }
            if (c.TopValues.Count > 0 && c.Mean is null)
            {
                sb.Append(", top ").Append(string.Join(", ", c.TopValues.Select(static v => $"'{Short(v.Value)}'")));
            }
            sb.Append('\n');
        }
    }

    private static string Short(string? s) => s is null ? "null" : s.Length <= 24 ? s : s[..24] + "…";

    /// <summary>The first <paramref name="limit"/> rows of a source.</summary>
    private sealed class Head(IBatchSource inner, int limit) : IBatchSource
    {
        public Schema Schema => inner.Schema;

        public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var left = limit;
            await foreach (var batch in inner.ReadAsync(transform, cancellationToken).ConfigureAwait(false))
            {
                if (left <= 0)
                {
                    batch.Dispose();
                    yield break;
                }
                if (batch.RowCount <= left)
                {
                    left -= batch.RowCount;
                    yield return batch;
                    continue;
                }
                var rows = Enumerable.Range(0, left).ToArray();
                left = 0;
                using (batch)
                {
                    yield return batch.Gather(rows);
                }
            }
        }
    }
}
