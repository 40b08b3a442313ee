using System.Runtime.CompilerServices;
using Sluice.Data.Batches;
using Sluice.Data.Execution;
using Sluice.Data.Parquet;
using Sluice.DataActions.Scan;
using Sluice.Diagnostics;
using Sluice.Files;

namespace Sluice.DataActions.IO;

/// <summary>
/// One Parquet file, or every file a glob (<c>data/*.parquet</c>, <c>out/**/*.parquet</c>) or folder (all its
/// <c>.parquet</c> files, recursively) names, read in path order as one stream. Every file must have the projected
/// columns with the same types. Partition values in <c>key=value</c> folder names are not turned into columns.
/// </summary>
internal sealed class ParquetDatasetSource : IBatchSource
{
    private readonly ParquetSource[] _files;
    private long _rowsRead;

    private ParquetDatasetSource(ParquetSource[] files, Schema schema)
    {
        _files = files;
        Schema = schema;
    }

    public Schema Schema { get; }

    public long RowsRead => Interlocked.Read(ref _rowsRead);

    /// <summary>True when <paramref name="path"/> names several files (a glob or a folder) rather than one.</summary>
    public static bool IsMultiFile(string path) => path.IndexOfAny(['*', '?']) >= 0 || (FileStorage.IsRemote(path) ? path.EndsWith('/') : Directory.Exists(path));

    /// <summary>The files <paramref name="path"/> names.</summary>
    public static IReadOnlyList<string> Expand(string path) => GlobMatcher.Expand(path, ["*.parquet"], recursive: true);

    /// <exception cref="SluiceException">No file matches, a file cannot be read, or the files disagree on the schema.</exception>
    public static ParquetDatasetSource Open(string path, IReadOnlyList<string>? columns, Schema? expected)
    {
        var paths = IsMultiFile(path) ? Expand(path) : [path];
        if (paths.Count == 0)
        {
            throw new SluiceException($"'{path}' matches no Parquet file");
        }

        return Open(paths, path, columns, expected);
    }

    /// <summary>The files <paramref name="paths"/> (what <paramref name="path"/> named, for messages) as one stream.</summary>
    /// <exception cref="SluiceException">A file cannot be read, or the files disagree on the schema.</exception>
    public static ParquetDatasetSource Open(IReadOnlyList<string> paths, string path, IReadOnlyList<string>? columns, Schema? expected)
    {
        var options = new ParquetReadOptions { Columns = columns };
        var files = paths.Select(p => ParquetSource.Open(p, options)).ToArray();
        var schema = files[0].Schema;
        foreach (var f in files.Skip(1).Where(f => !f.Schema.Equals(schema)))
        {
            throw new SluiceException($"{f.Path} has the columns ({f.Schema}), but {files[0].Path} has ({schema}); all files of '{path}' must agree (choose common ones with 'columns')");
        }

        if (expected is not null)
        {
            foreach (var field in expected.Fields)
            {
                var i = schema.IndexOf(field.Name);
                if (i >= 0 && schema[i].Type != field.Type)
                {
                    throw new SluiceException($"column '{field.Name}' is {schema[i].Type} in {files[0].Path}, but the schema says {field.Type}; Parquet columns keep their stored types");
                }
            }
        }

        return new ParquetDatasetSource(files, schema);
    }

    public async IAsyncEnumerable<RecordBatch> ReadAsync(BatchTransform? transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var file in _files)
        {
            await foreach (var batch in file.ReadAsync(transform, cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Add(ref _rowsRead, batch.RowCount);
                yield return batch;
            }
        }
    }
}
