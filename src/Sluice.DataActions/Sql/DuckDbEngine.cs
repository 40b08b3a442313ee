using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.Data.Parquet;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Datasets;
using Sluice.Diagnostics;
using Sluice.Files;

namespace Sluice.DataActions.Sql;

/// <summary>
/// The <c>sql</c> action's <c>engine: duckdb</c>: runs the statements in DuckDB (in memory, or in the DuckDB file
/// <c>database:</c>) in one transaction. Each entry of <c>tables:</c> is a view named after its key: a local Parquet file
/// is read by DuckDB itself (<c>read_parquet</c>); any other dataset (the Arrow artifacts tasks hand each other, CSV,
/// tables) is written once to a Parquet file in the attempt's folder by our reader, because DuckDB's Arrow extension is not
/// part of the native library. The result streams from DuckDB's reader into record batches (<see cref="DuckDbResultSource"/>).
/// </summary>
internal static partial class DuckDbEngine
{
    /// <summary>The value of <c>engine</c> that selects DuckDB.</summary>
    public const string Name = "duckdb";

    private const string StagingFolder = "duckdb-tables";

    /// <summary>
    /// Runs <paramref name="query"/> and returns the result dataset (or null) and the rows changed: always null, since
    /// DuckDB.NET's reader reports no count for DuckDB's statements (its RecordsAffected is -1).
    /// </summary>
    public static async Task<(DatasetRef? Data, long? Affected)> ExecuteAsync(string query, Schema? explicitSchema, DatasetReader reader, ActionContext context,
        CancellationToken cancellationToken)
    {
        var database = context.Get("database") as string is { Length: > 0 } d ? context.Files.CheckWrite(d, "database") : null;
        var staging = Path.Combine(context.ArtifactDirectory, StagingFolder);
        var target = database is null ? "DuckDB (in memory)" : $"DuckDB {Path.GetFileName(database)}";
        try
        {
            await using var connection = Open(database ?? ":memory:");
            var views = await StageTablesAsync(context.Get("tables"), reader, staging, context, cancellationToken).ConfigureAwait(false);
            foreach (var (name, file) in views)
            {
                Run(connection, $"CREATE TEMP VIEW {Identifier(name)} AS SELECT * FROM read_parquet({Literal(file)})");
            }
            Confine(connection, context.Files, staging);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            SqlParameters.Bind(command, context.Get("params") as IReadOnlyDictionary<string, object?>);
            // DuckDB.NET's Cancel interrupts the running statement in DuckDB itself.
            await using var interrupt = cancellationToken.Register(static c => ((DuckDBCommand)c!).Cancel(), command);
            DatasetRef? data = null;
            await using (var result = (DuckDBDataReader)await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                do
                {
                    if (result.FieldCount == 0)
                    {
                        continue;
                    }
                    if (data is not null)
                    {
                        throw new SluiceException($"the query of task '{context.TaskId}' returns more than one result set; keep one statement that returns rows per task");
                    }
                    data = await ArtifactWriter.WriteAsync(new DuckDbResultSource(result, explicitSchema), context, "data", cancellationToken).ConfigureAwait(false);
                }
                while (await result.NextResultAsync(cancellationToken).ConfigureAwait(false));
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            context.Log.Write("info", data is null ? $"{target}: done" : $"{target}: {data.Rows} row(s) returned");
            return (data, null);
        }
        catch (DuckDBException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (DuckDBException ex)
        {
            // Only I/O and write-write conflicts may pass on a retry; parser, binder, catalog and constraint errors will not.
            var transient = ex.Message.StartsWith("IO Error", StringComparison.Ordinal) || ex.Message.Contains("Conflict", StringComparison.Ordinal);
            throw new SluiceException($"{Describe(ex.Message)} (task '{context.TaskId}', {target})", transient, ex);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>
    /// Parses <paramref name="query"/> with DuckDB's parser without running it; returns DuckDB's message (with the query's
    /// line and column) when it does not parse, else null.
    /// </summary>
    public static string? ParseError(string query)
    {
        DuckDBConnection connection;
        try
        {
            connection = Open(":memory:");
        }
        catch (SluiceException)
        {
            return null; // No native library here: the task reports it when it runs.
        }
        using var owned = connection;
        var count = NativeMethods.ExtractStatements.DuckDBExtractStatements(connection.NativeConnection, query, out var extracted);
        using (extracted)
        {
            return count > 0 ? null : Describe(NativeMethods.ExtractStatements.DuckDBExtractStatementsError(extracted));
        }
    }

    /// <summary>
    /// DuckDB's message on one line, with its position as the query's line and column: DuckDB marks it with
    /// <c>LINE n: text</c> and a caret under the column on the next line.
    /// </summary>
    internal static string Describe(string message)
    {
        var lines = message.Split('\n');
        var first = lines[0].Trim();
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (LinePrefix().Match(lines[i]) is { Success: true } m && lines[i + 1].IndexOf('^', StringComparison.Ordinal) is var caret and >= 0)
            {
                var column = caret - m.Length + 1;
                return $"{first} (query line {m.Groups[1].Value}, column {column.ToString(CultureInfo.InvariantCulture)})";
            }
        }
        var hint = lines.Skip(1).Select(static l => l.Trim()).FirstOrDefault(static l => l.Length > 0 && !l.StartsWith("LINE ", StringComparison.Ordinal));
        return hint is null ? first : $"{first} {hint}";
    }

    private static async Task<List<(string Name, string File)>> StageTablesAsync(object? tables, DatasetReader reader, string staging, ActionContext context,
        CancellationToken cancellationToken)
    {
        var views = new List<(string, string)>();
        if (tables is not IReadOnlyDictionary<string, object?> map)
        {
            return views;
        }
        foreach (var (name, value) in map)
        {
            var dataset = DatasetArgument.Resolve(value, $"tables.{name}", context);
            if (dataset.Format == "parquet" && !FileStorage.IsRemote(dataset.Path) && File.Exists(dataset.Path))
            {
                views.Add((name, Path.GetFullPath(dataset.Path)));
                continue;
            }
            Directory.CreateDirectory(staging);
            var file = Path.Combine(staging, views.Count.ToString(CultureInfo.InvariantCulture) + ".parquet");
            var opened = reader.Open(dataset);
            await ParquetWriter.WriteAsync(opened.Source, file, new ParquetWriteOptions { Compression = ParquetCompression.Uncompressed }, cancellationToken).ConfigureAwait(false);
            views.Add((name, file));
        }
        return views;
    }

    private const string MissingNative = "DuckDB's native library is not installed: add the NuGet package DuckDB.NET.Data.Full to the program that runs the pipeline (the sluice tool has it)";

    private static readonly Lazy<bool> NativeLibraryLoads = new(static () =>
        System.Runtime.InteropServices.NativeLibrary.TryLoad("duckdb", typeof(DuckDBConnection).Assembly, null, out _));

    /// <exception cref="SluiceException">DuckDB's native library is not installed.</exception>
    private static DuckDBConnection Open(string dataSource)
    {
        // Without the native library DuckDB.NET fails in its connection-string parsing with a NullReferenceException
        // rather than a DllNotFoundException, so look for the library first.
        if (!NativeLibraryLoads.Value)
        {
            throw new SluiceException(MissingNative, isTransient: false);
        }

        var connection = new DuckDBConnection("Data Source=" + dataSource);
        try
        {
            connection.Open();
            return connection;
        }
        catch (DllNotFoundException ex)
        {
            connection.Dispose();
            throw new SluiceException(MissingNative, isTransient: false, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>When the run's files are confined, DuckDB may read and write only the allowed folders (and the staged tables).</summary>
    private static void Confine(DuckDBConnection connection, PathPolicy files, string staging)
    {
        if (!files.IsConfined)
        {
            return;
        }
        var allowed = files.Roots.Select(static r => Path.GetFullPath(r.Path)).Append(staging).Select(Literal);
        Run(connection, $"SET allowed_directories = [{string.Join(", ", allowed)}]");
        Run(connection, "SET enable_external_access = false");
        Run(connection, "SET lock_configuration = true");
    }

    private static void Run(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^LINE (\d+): ")]
    private static partial Regex LinePrefix();
}
