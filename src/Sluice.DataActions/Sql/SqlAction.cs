using Microsoft.Data.Sqlite;
using Sluice.Actions;
using Sluice.Data.Batches;
using Sluice.DataActions.Common;
using Sluice.DataActions.IO;
using Sluice.Datasets;
using Sluice.Definition.Validation;
using Sluice.Diagnostics;
using Sluice.Expressions;

namespace Sluice.DataActions.Sql;

/// <summary>
/// <c>sql</c>: runs one or more SQL statements against a SQLite database file (<c>database:</c>), a database server
/// given by <c>connection:</c> (an <see cref="ISqlDatabase"/> passed to the constructor, such as PostgreSQL) or, with
/// <c>engine: duckdb</c>, in DuckDB over the datasets named in <c>tables:</c> and files, in one transaction. Values come in
/// through <c>params</c> as named parameters, never spliced into the text. A statement that returns rows (at most one
/// per task) is streamed into a CSV artifact, the <c>data</c> dataset; <c>rows_affected</c> counts changed rows.
/// Busy, locked and I/O errors are transient (retried); syntax and constraint errors are permanent.
/// </summary>
public sealed class SqlAction : DataAction, IValidatesParameters
{
    private readonly IReadOnlyList<ISqlDatabase> _databases;
    private readonly DatasetReader _reader;

    /// <summary>Creates the action; <paramref name="databases"/> serve tasks that give <c>connection:</c>. The default is none (SQLite files only).</summary>
    /// <param name="databases">The database servers for <c>connection:</c>.</param>
    /// <param name="reader">Opens the datasets of <c>tables:</c> for DuckDB. The default reads files only.</param>
    public SqlAction(IEnumerable<ISqlDatabase>? databases = null, DatasetReader? reader = null)
    {
        _databases = databases?.ToArray() ?? [];
        _reader = reader ?? new DatasetReader(new TableProviders());
    }

    /// <inheritdoc />
    public override ActionDescriptor Descriptor { get; } = new(
        "sql",
        "Runs SQL against a SQLite database file, a database server (connection: such as PostgreSQL) or DuckDB (engine: duckdb, over the datasets in tables: and files) in one transaction, with 'params' bound as named parameters. A SELECT becomes the 'data' dataset (a CSV artifact); statements report rows_affected.",
        [
            new ParameterSpec("engine", ParameterType.String, "'duckdb' runs the query in DuckDB (in memory, or in the DuckDB file 'database'); left out, 'database' is SQLite and 'connection' a server."),
            new ParameterSpec("database", ParameterType.String, "The SQLite database file (created when missing), relative to the current directory. Give this or 'connection'. With engine: duckdb, an optional DuckDB file."),
            new ParameterSpec("connection", ParameterType.String, "A database server's connection string, such as PostgreSQL's Host=db;Database=shop;Username=etl or postgres://etl@db/shop. Give this or 'database'."),
            new ParameterSpec("query", ParameterType.String, "One or more SQL statements separated by ';'. At most one may return rows.", Required: true) { Code = CodeLanguage.Sql },
            new ParameterSpec("params", ParameterType.Map, "Values bound to $name, @name or :name in the query; lists and maps are bound as JSON text."),
            new ParameterSpec("schema", ParameterType.Map, "Types for some or all result columns, such as {amount: decimal(2)}; the rest come from declared types or the first row."),
            new ParameterSpec("tables", ParameterType.Map, "engine: duckdb only: datasets exposed as views, by name, such as {orders: \"{{ extract.data }}\"} (an upstream task's dataset, a path or a {path, format} map)."),
        ],
        [
            new OutputSpec("data", "The rows the query returned, as a CSV dataset in the run's artifacts (null when no statement returns rows)."),
            new OutputSpec("rows", "How many rows the query returned (null when no statement returns rows)."),
            new OutputSpec("rows_affected", "Rows inserted, updated or deleted by all statements (null with engine: duckdb, whose provider does not report them)."),
        ]);

    /// <inheritdoc />
    public IEnumerable<Diagnostic> ValidateParameters(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(locate);
        var hasDatabase = parameters.ContainsKey("database");
        var engine = parameters.GetValueOrDefault("engine") as string;
        if (engine is not null && !Template.ContainsTemplate(engine) && engine != DuckDbEngine.Name)
        {
            yield return new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"unknown SQL engine '{engine}'", locate("engine"),
                "use 'engine: duckdb', or leave 'engine' out for SQLite ('database') and PostgreSQL ('connection')");
        }
        else if (engine == DuckDbEngine.Name)
        {
            foreach (var d in ValidateDuckDb(parameters, locate))
            {
                yield return d;
            }
        }
        else if (parameters.ContainsKey("tables"))
        {
            yield return new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, "'tables' needs 'engine: duckdb'", locate("tables"),
                "add 'engine: duckdb' to query datasets, or read them into SQLite with export_to_targets");
        }
        else if (hasDatabase == parameters.ContainsKey("connection"))
        {
            yield return new Diagnostic(DiagnosticSeverity.Error, hasDatabase ? DiagnosticCodes.InvalidValue : DiagnosticCodes.MissingParameter,
                "the 'sql' action needs exactly one of 'database' (a SQLite file) and 'connection' (a database server)",
                locate(hasDatabase ? "connection" : "query"), "give 'database: file.db' for SQLite or 'connection: Host=...' for PostgreSQL, not both");
        }
        if (parameters.GetValueOrDefault("query") is string query && query.Trim().Length == 0)
        {
            yield return new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, "the SQL query is empty", locate("query"));
        }
        if (parameters.GetValueOrDefault("schema") is IReadOnlyDictionary<string, object?> schema)
        {
            foreach (var (column, type) in schema)
            {
                if (type is string text && !Template.ContainsTemplate(text) && DataType.TryParse(text) is null)
                {
                    yield return new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"column '{column}': unknown type '{text}'", locate($"schema.{column}"),
                        "types: int64, float64, bool, string, date, timestamp, decimal(S)");
                }
            }
        }
    }

    private static IEnumerable<Diagnostic> ValidateDuckDb(IReadOnlyDictionary<string, object?> parameters, Func<string, SourceLocation> locate)
    {
        if (parameters.ContainsKey("connection"))
        {
            yield return new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, "engine: duckdb runs in this process and takes no 'connection'", locate("connection"),
                "remove 'connection'; give 'database: file.duckdb' to keep tables between runs");
        }
        foreach (var name in (parameters.GetValueOrDefault("tables") as IReadOnlyDictionary<string, object?>)?.Keys ?? [])
        {
            if (name.Length == 0 || name.Any(static c => !(char.IsAsciiLetterOrDigit(c) || c == '_')) || char.IsAsciiDigit(name[0]))
            {
                yield return new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"table name '{name}' is not a plain SQL name", locate($"tables.{name}"),
                    "use letters, digits and '_', such as the upstream task's id");
            }
        }
        // Syntax errors are found at load time, before a run; names (tables, columns) are only known when the task runs.
        if (parameters.GetValueOrDefault("query") is string query && query.Trim().Length > 0 && !Template.ContainsTemplate(query)
            && DuckDbEngine.ParseError(query) is { } error)
        {
            yield return new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.InvalidValue, $"DuckDB cannot parse the query: {error}", locate("query"),
                "fix the SQL (DuckDB's dialect: https://duckdb.org/docs/sql/introduction)");
        }
    }

    /// <inheritdoc />
    protected override async ValueTask<ActionResult> ExecuteCoreAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Get("query") as string ?? throw new SluiceException("the 'sql' action needs 'query'");
        var explicitSchema = DatasetSchema.FromParameter(context.Get("schema"), "schema");
        if (context.Get("engine") is DuckDbEngine.Name)
        {
            var (duckData, duckAffected) = await DuckDbEngine.ExecuteAsync(query, explicitSchema, _reader, context, cancellationToken).ConfigureAwait(false);
            return Result(duckData, duckAffected);
        }
        if (context.Get("connection") is string server)
        {
            return await ExecuteOnServerAsync(server, query, explicitSchema, context, cancellationToken).ConfigureAwait(false);
        }
        // SQLite may create and write the file, so it must be in a folder allowed for writing.
        var database = context.Get("database") as string is { Length: > 0 } d ? context.Files.CheckWrite(d, "database") : throw new SluiceException("the 'sql' action needs 'database' or 'connection'");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        SqliteFileGuard? guard = null;
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            guard = SqliteFileGuard.Confine(connection, context.Files);
            // Interrupts a long statement in SQLite itself; the provider's cancellation only checks between steps.
            await using var interrupt = cancellationToken.Register(static c => SQLitePCL.raw.sqlite3_interrupt(((SqliteConnection)c!).Handle), connection);
            // Deferred: a read-only query takes no write lock (and works on a read-only file); writes upgrade the lock.
            await using var transaction = connection.BeginTransaction(deferred: true);
            var (data, affected) = await ExecuteAsync(connection, transaction, query, explicitSchema, context, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            context.Log.Write("info", data is null
                ? $"{Path.GetFileName(database)}: {affected} row(s) affected"
                : $"{Path.GetFileName(database)}: {data.Rows} row(s) returned, {affected} row(s) affected");
            return Result(data, affected);
        }
        catch (SqliteException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (SqliteException) when (guard?.Message is { } refused)
        {
            throw new SluiceException(refused);
        }
        catch (SqliteException ex)
        {
            // BUSY, LOCKED, IOERR, FULL, CANTOPEN may pass; the rest (syntax, constraints, missing tables) will not.
            var transient = ex.SqliteErrorCode is 5 or 6 or 10 or 13 or 14;
            throw new SluiceException($"{ex.Message} (task '{context.TaskId}', database {Path.GetFileName(database)})", transient, ex);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("parameter", StringComparison.OrdinalIgnoreCase))
        {
            var missing = SqlParameters.Unbound(query, context.Get("params") as IReadOnlyDictionary<string, object?>);
            var names = missing.Count == 0 ? ex.Message : $"the query uses {string.Join(", ", missing)}, which 'params' does not set";
            throw new SluiceException($"{names} (task '{context.TaskId}')", isTransient: false, ex);
        }
    }

    private async Task<ActionResult> ExecuteOnServerAsync(string connection, string query, Schema? explicitSchema, ActionContext context, CancellationToken cancellationToken)
    {
        var database = _databases.FirstOrDefault(db => db.Accepts(connection))
            ?? throw new SluiceException($"task '{context.TaskId}': " + TableProviders.NoProvider(""));
        var outcome = await database.ExecuteAsync(new SqlRequest
        {
            Connection = connection,
            Query = query,
            Parameters = context.Get("params") as IReadOnlyDictionary<string, object?>,
            Schema = explicitSchema,
            Context = context,
            WriteResultAsync = (source, ct) => ArtifactWriter.WriteAsync(source, context, "data", ct),
        }, cancellationToken).ConfigureAwait(false);
        context.Log.Write("info", outcome.Data is null
            ? $"{outcome.Target}: {outcome.RowsAffected} row(s) affected"
            : $"{outcome.Target}: {outcome.Data.Rows} row(s) returned, {outcome.RowsAffected} row(s) affected");
        return Result(outcome.Data, outcome.RowsAffected);
    }

    private static ActionResult Result(DatasetRef? data, long? affected) => new(new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["data"] = data,
        ["rows"] = data?.Rows,
        ["rows_affected"] = affected,
    });

    private static async Task<(DatasetRef? Data, long Affected)> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string query, Schema? explicitSchema,
        ActionContext context, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = query;
        SqlParameters.Bind(command, context.Get("params") as IReadOnlyDictionary<string, object?>);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        DatasetRef? data = null;
        do
        {
            if (reader.FieldCount == 0)
            {
                continue;
            }
            if (data is not null)
            {
                throw new SluiceException($"the query of task '{context.TaskId}' returns more than one result set; keep one statement that returns rows per task");
            }
            data = await ArtifactWriter.WriteAsync(new SqliteResultSource(reader, explicitSchema), context, "data", cancellationToken).ConfigureAwait(false);
        }
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        return (data, Math.Max(0, reader.RecordsAffected));
    }
}
