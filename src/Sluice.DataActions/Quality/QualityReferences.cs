using System.Globalization;
using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Data.Columns;
using Sluice.Data.Quality.Checks;
using Sluice.Data.Quality.Metrics;
using Sluice.DataActions.Common;
using Sluice.Datasets;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using static Sluice.DataActions.Quality.QualityActionHelpers;

namespace Sluice.DataActions.Quality;

/// <summary>
/// The <c>references</c> parameter of <c>analyze_data_quality</c>: names the data sets that reference checks
/// (<c>values in (c) must exist in name (k)</c>) look keys up in, and builds their key sets before the checked data is read.
/// </summary>
internal static class QualityReferences
{
    /// <summary>The parameter as a map of name → dataset handle or path; empty when not given.</summary>
    /// <exception cref="SluiceException">The parameter is not a map.</exception>
    public static IReadOnlyDictionary<string, object?> Read(ActionContext context) => context.Get("references") switch
    {
        null => new Dictionary<string, object?>(StringComparer.Ordinal),
        IReadOnlyDictionary<string, object?> map => map,
        var other => throw new SluiceException($"parameter 'references' of task '{context.TaskId}' must be a map of names to datasets or paths, such as {{customers: \"{{{{ ingest_customers.raw_data }}}}\"}}, but is {Describe(other)}"),
    };

    /// <summary>
    /// An error naming each reference check whose data set is not in <paramref name="references"/>, with a "did you mean";
    /// null when every name resolves.
    /// </summary>
    public static string? UnknownNames(IEnumerable<QualityCheck> checks, IReadOnlyDictionary<string, object?> references, string taskId)
    {
        var problems = checks.Where(c => c.Reference is { } r && !references.ContainsKey(r.Dataset))
            .Select(c => $"the check '{c.Text}' refers to data set '{c.Reference!.Dataset}', which is not in 'references' ("
                + (references.Count == 0
                    ? $"add references: {{{c.Reference.Dataset}: <dataset or path>}}"
                    : NameSuggester.Hint(c.Reference.Dataset, [.. references.Keys], "names")) + ")")
            .ToList();
        return problems.Count == 0 ? null : $"task '{taskId}': {string.Join("; ", problems)}";
    }

    /// <summary>
    /// Streams each referenced data set once and returns one key set per (name, key columns) the checks use. Only the
    /// key columns are kept from each batch. A key column missing from the referenced data gives a key set with an error
    /// (the check then reports it), naming the column, the data set and the columns it has.
    /// </summary>
    public static async Task<IReadOnlyList<ReferenceKeySet>> LoadAsync(ActionContext context, IDatasetOpener opener, IReadOnlyList<QualityCheck> checks,
        IReadOnlyDictionary<string, object?> references, CancellationToken cancellationToken)
    {
        var sets = new List<ReferenceKeySet>();
        foreach (var group in checks.Select(static c => c.Reference).OfType<ReferenceTarget>().GroupBy(static r => r.Dataset, StringComparer.Ordinal))
        {
            DatasetRef dataset;
            Data.Execution.IBatchSource source;
            try
            {
                dataset = DatasetArgument.Resolve(references[group.Key], $"references.{group.Key}", context);
                source = opener.Open(dataset, null);
            }
            catch (SluiceException ex)
            {
                throw new SluiceException($"reference '{group.Key}' of task '{context.TaskId}' cannot be read: {ex.Message}", ex.IsTransient, ex);
            }

            var names = source.Schema.Fields.Select(static f => f.Name).ToList();
            var ready = new List<ReferenceKeySet>();
            foreach (var columns in group.Select(static r => r.Columns).DistinctBy(static c => string.Join('\u0001', c)))
            {
                var missing = columns.FirstOrDefault(c => source.Schema.IndexOf(c) < 0);
                var set = new ReferenceKeySet(group.Key, columns)
                {
                    Error = missing is null ? null
                        : $"Column '{missing}' is not in the reference data '{group.Key}' ({dataset.Path}); its columns are {string.Join(", ", names)}"
                            + (NameSuggester.Suggest(missing, names) is { } close ? $" (did you mean '{close}'?)." : "."),
                };
                sets.Add(set);
                if (missing is null)
                {
                    ready.Add(set);
                }
            }

            if (ready.Count == 0)
            {
                continue;
            }

            var keep = ready.SelectMany(static s => s.Columns).Distinct(StringComparer.Ordinal).Select(source.Schema.IndexOf).ToArray();
            long rows = 0;
            await foreach (var batch in source.ReadAsync(input => Project(input, keep), cancellationToken).ConfigureAwait(false))
            {
                using (batch)
                {
                    var view = new RecordBatchView(batch);
                    foreach (var set in ready)
                    {
                        set.Add(view);
                    }

                    rows += batch.RowCount;
                }
            }

            foreach (var set in ready)
            {
                context.Log.Write("info", string.Create(CultureInfo.InvariantCulture,
                    $"reference '{group.Key}' ({dataset.Path}): {rows} rows, {set.Count} distinct keys over ({string.Join(", ", set.Columns)})"));
            }
        }

        return sets;
    }

    /// <summary>Keeps only the key columns of a reference batch (the transform owns and releases its input).</summary>
    private static RecordBatch Project(RecordBatch input, int[] keep)
    {
        using (input)
        {
            var columns = new Column[keep.Length];
            for (var i = 0; i < keep.Length; i++)
            {
                columns[i] = input.Column(keep[i]).Retain();
            }

            return new RecordBatch(new Schema(keep.Select(k => input.Schema[k])), columns, input.RowCount);
        }
    }
}
